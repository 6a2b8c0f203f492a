import type { ExportFormat } from "./formats";

// The Hugging Face dataset card (README.md) of an exported folder: `configs` points the
// loader at data/, `dataset_info` describes the features, so `load_dataset(folder)` and
// `push_to_hub` work as they are.

export const HF_PARQUET = "data/train-00000-of-00001.parquet";

const chatFeature = (name: string) =>
  `  - name: ${name}\n    list:\n    - name: role\n      dtype: string\n    - name: content\n      dtype: string\n`;

const features: Partial<Record<ExportFormat, string>> = {
  messages: chatFeature("messages"),
  rl:
    "  - name: data_source\n    dtype: string\n" +
    chatFeature("prompt") +
    "  - name: ability\n    dtype: string\n" +
    "  - name: reward_model\n    struct:\n    - name: style\n      dtype: string\n    - name: ground_truth\n      dtype: string\n" +
    "  - name: extra_info\n    struct:\n    - name: candidate_id\n      dtype: int32\n    - name: pass_rate\n      dtype: float64\n" +
    "    - name: k\n      dtype: int32\n    - name: band\n      dtype: string\n    - name: verifier_kind\n      dtype: string\n",
};

export interface CardInput {
  format: ExportFormat;
  weighted: boolean;
  rows: number;
  parquetBytes: number;
  title: string;
  perDomain: Record<string, number>;
  version: string;
}

export function datasetCard(c: CardInput): string {
  const feats = (features[c.format] ?? "") + (c.weighted ? "  - name: weight\n    dtype: float64\n" : "");
  const domains = Object.entries(c.perDomain)
    .map(([d, n]) => `| ${d} | ${n} |`)
    .join("\n");
  return `---
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*
dataset_info:
  features:
${feats}  splits:
  - name: train
    num_examples: ${c.rows}
  download_size: ${c.parquetBytes}
tags:
- edgewise
- ${c.format === "rl" ? "reinforcement-learning" : "sft"}
---

# ${c.title}

Exported by Edgewise ${c.version} in the \`${c.format}\` format: ${c.rows} rows. Every row was
scored against a target model (pass rate over k samples) and accepted in human review.
\`manifest.json\` next to this card lists the snapshots, bands, models, runs and reviewers
behind it and the sha256 of each data file.

| domain | rows |
|---|---|
${domains}
`;
}
