import Link from "next/link";
import { cache } from "react";
import { requireDomainReader } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { getCandidate } from "@/lib/candidates/queries";
import { candidateContamination, nearDupCard } from "@/lib/dedup";
import { listDomainChoices } from "@/lib/domains";
import { listEndpoints } from "@/lib/models/endpoints";
import { goldOf, readableDomainIds, readableLineage } from "@/lib/review";
import { candidateEvidence } from "@/lib/scoring/queries";
import { transformability } from "@/lib/scoring/transformable";
import { asCode, Markdown } from "@/components/markdown";
import { idParam, orNotFound } from "@/components/page-data";
import { NearDupCard } from "@/components/dedup/neardup-card";
import { ContaminationCard } from "@/components/dedup/contamination-card";
import { GoldCard } from "@/components/review/gold-card";
import { DifficultyPanel } from "@/components/scoring/difficulty-panel";
import { LineageCard } from "@/components/scoring/lineage";
import { SamplesTable } from "@/components/scoring/samples-table";
import { TransformButton } from "@/components/scoring/transform-button";
import { StageBadge } from "@/components/ui/badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ back?: string | string[] }> };

/** The list this candidate was opened from (filters, page), if the link carried one. */
function backToList(back: string | string[] | undefined): string | null {
  const b = Array.isArray(back) ? back[0] : back;
  return b && /^\/candidates(\?|$)/.test(b) ? b : null;
}

// One lookup per request, shared by the title and the page.
const load = cache(async (raw: string) => orNotFound(getCandidate(idParam(raw))));

export async function generateMetadata({ params }: Props) {
  return { title: `Candidate #${(await load((await params).id)).id}` };
}

export default async function CandidatePage({ params, searchParams }: Props) {
  const back = backToList((await searchParams).back);
  const c = await load((await params).id);
  const user = await requireDomainReader(c.domain.id); // reviewers: their domains only (else the 403 page)
  const evidence = await readableLineage(user, await candidateEvidence(c.id)); // no previews of other domains' variants
  // Rewriting is for what sampling cannot use (the rule POST /api/transforms enforces too);
  // once the variant exists the panel links to it instead of offering the button again.
  const rewrite = transformability({
    band: evidence.score?.band ?? null,
    answerKind: c.domain.answerKind,
    variantIds: evidence.variants.map((v) => v.id).sort((a, b) => a - b),
  });
  const transformable = atLeast(user.role, "lead") && rewrite.ok;
  const variantLink = atLeast(user.role, "lead") && !rewrite.ok && rewrite.kind === "variant_exists" && (
    <p className="text-sm" data-testid="variant-exists">
      <Link href={`/candidates/${rewrite.variantId}`} className="text-accent-700 hover:underline">Variant #{rewrite.variantId}</Link> exists: it is scored and
      reviewed as its own candidate.
    </p>
  );
  const teachers = transformable
    ? (await listEndpoints({ role: "teacher" }))
        // Offer a dedicated (stronger) teacher first, not the target being measured.
        .sort((a, b) => Number(a.roles.includes("target")) - Number(b.roles.includes("target")))
        .map((e) => ({ id: e.id, label: `${e.name} (${e.model})${e.simulated ? " — simulated" : ""}` }))
    : [];
  const domains = transformable ? await listDomainChoices() : [];
  // Gold marks are for leads' eyes only: a reviewer must not learn which items are gold.
  const isLead = atLeast(user.role, "lead");
  const gold = isLead ? await goldOf(c.id) : null;
  const nearDups = await nearDupCard(c.id, await readableDomainIds(user));
  const contamination = await candidateContamination(c.id);
  const details: [string, React.ReactNode][] = [
    ["Domain", <Link key="d" href={`/domains/${c.domain.slug}`} className="text-accent-700 hover:underline">{c.domain.name}</Link>],
    ["Answer kind", c.domain.answerKind],
    ["Source", c.source ?? "—"],
    // Import pages are for leads; a reviewer's link goes to the candidates of that import instead.
    ["Import", c.batch ? <Link key="b" href={atLeast(user.role, "lead") ? `/imports/${c.batch.id}` : `/candidates?batch=${c.batch.id}`} className="text-accent-700 hover:underline">#{c.batch.id} {c.batch.fileName}</Link> : "—"],
    ["Added", c.createdAt.toISOString().replace("T", " ").slice(0, 16) + " UTC"],
  ];
  return (
    <>
      <PageHeader
        title={`Candidate #${c.id}`}
        description={
          back ? (
            <Link href={back} className="hover:underline">← Back to the list</Link>
          ) : (
            <Link href={`/candidates?domain=${c.domain.slug}`} className="hover:underline">← {c.domain.name} candidates</Link>
          )
        }
        action={<StageBadge stage={c.stage} />}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card>
            <CardHeader title="Prompt" />
            <div className="p-4"><Markdown>{c.prompt}</Markdown></div>
          </Card>
          <Card>
            <CardHeader title="Reference answer" description={`Checked as: ${c.domain.answerKind}`} />
            <div className="p-4">
              {c.answer ? (
                <Markdown>{c.domain.answerKind === "code" ? asCode(c.answer) : c.answer}</Markdown>
              ) : (
                <p className="text-sm text-zinc-500">No reference answer. Scoring can derive a proxy from a teacher model, or mark it unverifiable.</p>
              )}
            </div>
          </Card>
          <SamplesTable
            samples={evidence.samples}
            emptyNote={
              evidence.score?.band === "unverifiable"
                ? "Not sampled: there is no reference answer to check against, and the run had no teacher to derive one. Score it with a teacher, or transform it into a verifiable variant."
                : undefined
            }
          />
        </div>
        <div className="space-y-4 self-start">
          <DifficultyPanel score={evidence.score} action={transformable ? <TransformButton candidateId={c.id} teachers={teachers} domains={domains} domain={c.domain.slug} /> : variantLink} />
          <NearDupCard candidateId={c.id} card={nearDups} canUnflag={isLead} />
          <ContaminationCard hits={contamination} contaminated={contamination.some((h) => !h.overridden)} />
          <LineageCard parent={evidence.parent} variants={evidence.variants} />
          {isLead && <GoldCard candidateId={c.id} gold={gold} />}
          <Card>
            <CardHeader title="Details" />
            <dl className="divide-y divide-zinc-100 text-sm">
              {details.map(([k, v]) => (
                <div key={k} className="flex justify-between gap-4 px-4 py-2"><dt className="text-zinc-500">{k}</dt><dd className="min-w-0 truncate text-right">{v}</dd></div>
              ))}
            </dl>
            <div className="border-t border-zinc-100 p-4">
              <div className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Metadata</div>
              {c.metadata === null ? (
                <p className="text-sm text-zinc-500">None.</p>
              ) : (
                <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md border border-zinc-100 bg-zinc-50 p-2 font-mono text-xs">{JSON.stringify(c.metadata, null, 2)}</pre>
              )}
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}
