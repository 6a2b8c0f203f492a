// Every help text of the `edgewise` command, and which one a command line asks for. Plain
// JavaScript with no imports, so bin/edgewise.mjs answers `--help` before it loads tsx, zod,
// Prisma or the database driver (types: help.d.mts). main.ts uses the same helpFor().

export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

const exitStatus = `Exit status: 0 ok, 1 failed (including a missing or unreadable file), 2 bad usage.`;

const remoteNote = `Without an API token the command works directly on DATABASE_URL (or the embedded database
under .edgewise/); with EDGEWISE_TOKEN (or --token) it goes through the server at EDGEWISE_URL
(or --url), acting as the token's owner.`;

export const mainHelp = `Usage: edgewise <command> [options]

Commands:
  domains list | create | update                  domains, bands, quotas
  import FILE --domain SLUG [--format F]          import a JSONL pool
  imports list | status | cancel | retry | discard
                                                  imports: progress, bad lines, stop, undo
  runs start | list | status | pause | resume | cancel | wait
                                                  measure difficulty (scoring runs)
  review stats | claim | decide                   review queues, for scripts
  snapshot create | list | diff                   freeze a domain's accepted set
  mixture create | list                           combine snapshots
  export --snapshot ID | --mixture ID --format F --out DIR
                                                  write training data + manifest
  batch export | import --run ID                  score through OpenAI Batch / vLLM files
  verify --kind K --jsonl FILE                    check responses offline
  users list | create | set-role | deactivate | reactivate | reset-password
                                                  accounts (admins)
  tokens list | create | revoke                   API tokens
  dedup --domain SLUG [--threshold T]             find near-duplicates (MinHash + LSH)
  decontam --domain SLUG [--benchmark NAME]       check against benchmarks (n-gram overlap)

Every command takes --json (one JSON value on stdout) and --help.
Run "edgewise <command> --help" for a command's options.

${remoteNote}

${exitStatus}`;

const common = `Common options:
  --json            print one JSON value on stdout instead of text
  --url URL         with a token: the server (default $EDGEWISE_URL)
  --token T         API token (default $EDGEWISE_TOKEN); without one, the database directly`;

export const domainsHelp = `Usage: edgewise domains list
       edgewise domains create SLUG --name NAME [--answer-kind K] [--band-low X] [--band-high Y]
                                    [--quota N] [--reviewers-per-item N]
       edgewise domains update SLUG [--name NAME] [--answer-kind K] [--band-low X] [--band-high Y]
                                    [--quota N] [--reviewers-per-item N] [--consensus majority|unanimous]
                                    [--guidelines-file FILE]

  list     every domain with its band, quota and candidates per stage
  create   a new domain (lead); answer kinds: math (default), mcq, exact, code, none;
           band defaults 0.1 / 0.9 (exclusive)
  update   change a domain's settings (lead); moving the band re-triages from stored samples;
           --guidelines-file sets the review guidelines reviewers read on the review screen
           (plain text, up to 20,000 characters; an empty file clears them)

${common}

${remoteNote}

${exitStatus}`;

export const runsHelp = `Usage: edgewise runs start DOMAIN --endpoint ID|NAME [--sample N | --scaling] [--k K]
                             [--temperature T] [--max-tokens N] [--teacher ID|NAME] [--batch]
       edgewise runs list [--domain SLUG] [--status S]
       edgewise runs status ID
       edgewise runs pause ID | resume ID | cancel ID
       edgewise runs wait ID [--interval SECONDS] [--timeout SECONDS]

  start    a scoring run (lead): an exploration run of --sample N random candidates (default
           phase), or --scaling for the rest of the pool after an exploration run. Prints the
           run (its id is what "wait" takes). A live run is worked by the worker process
           (npm start, or npm run worker), not by this command.
  list     runs, newest first
  status   one run with its progress (items done / failed / pending, samples, bands so far)
           and, when candidates failed, why (each reason with its count; --json: "failures")
  pause | resume | cancel
           steer a run (lead); a change its status does not allow fails (exit 1)
  wait     follow a run until it ends: a progress bar on a terminal, one line per change
           otherwise (--json: one JSON progress object per line). Exits 0 when the run is
           done, 1 when it failed or was cancelled (or --timeout passed).

${common}

${remoteNote}

${exitStatus}`;

export const reviewHelp = `Usage: edgewise review stats DOMAIN [--band B]
       edgewise review claim DOMAIN [--band B]
       edgewise review decide CANDIDATE_ID accept|reject|skip [--reason R] [--note N]
                              [--response reference|teacher|SAMPLE_ID]

  stats    the queue of a domain: open, claimed, decided, final, accepted (for you)
  claim    take the next item of the queue under a lease; prints it (exit 0), or nothing and
           exit 3 when the queue is empty — a script loops "claim, decide" until 3
  decide   accept, reject (needs --reason) or skip the item you hold; an accept may choose
           the SFT response (--response): the reference (or its worked solution), the
           teacher's answer, or a verified-correct sample — without one, exports that need a
           response (messages, prompt-completion) skip the item

Review acts as a person: through a server it is the token's owner; on the database directly
give --as EMAIL (an existing user). Bands other than teachable are for leads.

${common}
  --as EMAIL        direct database only: the user who reviews

${remoteNote}

Exit status: 0 ok, 1 failed, 2 bad usage, 3 (claim) the queue is empty.`;

export const snapshotHelp = `Usage: edgewise snapshot create DOMAIN [--note TEXT]
       edgewise snapshot list [--domain SLUG]
       edgewise snapshot diff OLD_ID NEW_ID [--kind added|removed|changed] [--limit N]

  create   freeze the domain's final accepted items as its next snapshot version (lead);
           nothing accepted yet fails (exit 1)
  list     snapshots, newest first
  diff     what changed from snapshot OLD_ID to NEW_ID (same domain): counts and items

${common}

${remoteNote}

${exitStatus}`;

export const mixtureHelp = `Usage: edgewise mixture create NAME --snapshot ID[:EPOCHS] [--snapshot ID[:EPOCHS] ...] [--seed N]
       edgewise mixture create NAME --weights --snapshot ID:WEIGHT [...] [--seed N]
       edgewise mixture list

  create   save a mixture of snapshots (lead), one per domain: epochs repeat rows (default 1),
           --weights carries a weight on every row instead. The same NAME saves a new version.
  list     saved mixtures, newest first

${common}

${remoteNote}

${exitStatus}`;

export const importHelp = `Usage: edgewise import FILE --domain SLUG [options]
       edgewise import FILE --resume ID

Import a JSONL pool of candidates (plain, gzip or, on Node.js 22.15+, zstd-compressed). Bad
lines are reported with their line number and every good line is kept; exact duplicates
(same domain, same normalised prompt) are skipped; lines with a repeated key are kept with a
warning (the last value wins, as in JSON.parse). Without --domain, the file's lines must name
their domain (generic format, "domain" field or --map domain=KEY); a file whose first lines
name none is refused before anything is imported.

Options:
  --domain SLUG     domain for lines that do not name one ("domain" field, generic format)
  --format F        generic (default) | gsm8k | mmlu | mbpp
  --map K=V,...     generic files with other key names, e.g. prompt=instruction,answer=output
  --resume ID       finish import #ID that stopped midway (killed, interrupted, failed) with the
                    same FILE: committed lines are skipped, the rest imported; domain, format
                    and mapping are the ones it started with
  --json            print one JSON object: {batchId, read, inserted, duplicates, rejected, errors, warnings}
  --url URL         with a token: import through a running server (default $EDGEWISE_URL)
  --token T         API token (default $EDGEWISE_TOKEN); without one, uses the database directly

Exit status: 0 when anything was imported or found already present, 1 when nothing could be
(or FILE is missing or unreadable), 2 on bad usage.`;

export const importsHelp = `Usage: edgewise imports list [--domain SLUG] [--status S] [--limit N]
       edgewise imports status ID
       edgewise imports cancel ID | retry ID | discard ID

The Imports pages' reads and actions; an import is started with "edgewise import FILE".

  list     imports, newest first (--limit: 1–100, default 25); --status is one of queued,
           running, done, failed, cancelled, interrupted, discarded
  status   one import: its counts, who started it and when, the field mapping, how it ended
           (error, discard), what to do next, and its first 20 bad lines and warnings
           (--json: the import as GET /api/imports/ID answers it, plus "errors" and "moreErrors")
  cancel   stop a queued, running or interrupted import (lead); lines imported so far stay
  retry    queue a failed or interrupted upload again (lead); it resumes after its last
           committed line. An import started from the command line is finished there instead:
           edgewise import FILE --resume ID
  discard  delete every candidate the import brought in (lead), for an import into the wrong
           domain or with the wrong format, mapping or file; the import stays listed as
           discarded and the file can be imported again. Asks nothing: it is refused, deleting
           nothing, when any of its candidates was worked on (put in a scoring run, scored,
           reviewed, edited, frozen or transformed), or other imports' candidates are flagged
           as near-copies of its prompts, or while a check of its domain is queued or running
           (the checks a command-line import queues wait for a worker: npm start or npm run worker)
  A change the import's status does not allow, or a refused discard, fails (exit 1) with the
  reason.

${common}

${remoteNote}

${exitStatus}`;

export const batchHelp = `Usage: edgewise batch export --run ID [--out FILE]
       edgewise batch import --run ID FILE [--json]

Score through batch files (OpenAI Batch API, vLLM run_batch) instead of live requests.

  export   writes one OpenAI Batch input line per request the run still needs (custom_id,
           method, url, body with n = the missing samples) to stdout or --out. Candidates
           without a reference get teacher requests first: import those, then export again.
  import   reads OpenAI Batch / vLLM run_batch output lines, verifies the answers and updates
           pass rates exactly as a live run would. Unknown or duplicate custom_ids, lines of
           another run or with sample indices outside the run's k, and error lines are
           reported, not fatal ("-" reads stdin).
  Only a batch run that is not done, failed or cancelled takes files: export and import of a
  live run or a stopped one exit 1 with the reason. There is no --force: a live run's driver
  samples the same items (a file beside it pays twice), a cancelled run released them.

Options:
  --run ID      the scoring run to export from or import into
  --out FILE    write requests here instead of stdout
  --json        the summary (export) or report (import) as one JSON object; export writes it
                to stderr when the requests go to stdout

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
${exitStatus} Import: also 0 with problems reported.`;

export const verifyHelp = `Usage: edgewise verify --kind math|mcq|exact|code --jsonl FILE

Check model responses against reference answers, offline (no database, no server).
Each input line: {"id", "gold", "response"} (code: "tests": ["assert …", …]; mcq may add
"choices": ["option A", …]; math may add "prompt": the problem, which decides whether a
list answer is a set or ordered). Writes one JSON verdict per input line to stdout, in order:
{"id", "correct", "extracted", "reason"}; a line that cannot be read becomes
{"id": null, "line": N, "error": "…"}. FILE "-" reads standard input. The output is JSON
lines already; --json is accepted and changes nothing.

Exit status: 0 when every line was verified, 1 when some lines could not be read (or FILE is
missing or unreadable), 2 on bad usage.`;

/** Kept in step with lib/export's exportFormats by help.test.ts (this file imports nothing). */
export const EXPORT_FORMATS_TEXT = "messages | prompt-completion | rl | preference | full";

export const exportHelp = `Usage: edgewise export --snapshot ID | --mixture ID --format F --out DIR [--parquet] [--hf] [--seed N] [--json]

Write a snapshot or a mixture as training data: DIR/<format>.jsonl and DIR/manifest.json
(counts, bands, models, runs, reviewers, sha256 of every file), the same files the web
export writes. Recorded as an export job, so it shows on the Exports page.

Options:
  --snapshot ID   a frozen domain snapshot
  --mixture ID    a saved mixture (rows repeat by epochs, or carry its weights)
  --format F      ${EXPORT_FORMATS_TEXT}
  --out DIR       where to write (created if missing)
  --parquet       also DIR/<format>.parquet (messages and rl)
  --hf            a Hugging Face dataset folder: DIR/data/train-00000-of-00001.parquet + DIR/README.md
  --seed N        shuffle a mixture with this seed (recorded in the manifest)
  --json          print the manifest as JSON
  --url URL       with a token: export on the server, then download its files into DIR
  --token T       API token (default $EDGEWISE_TOKEN); without one, the database directly

${exitStatus}`;

export const usersHelp = `Usage: edgewise users <subcommand> [options]

Manage accounts (admins). On the server without a token it works on the database directly and
needs no sign-in: the way back in when the only admin's password is lost.

Subcommands:
  list                                     every account: email, role, status, name
  create EMAIL --name NAME [--role R] [--password-stdin]
                                           a new account (role reviewer by default); without
                                           --password-stdin a password is generated and printed once
  set-role EMAIL ROLE                      reviewer | lead | admin
  deactivate EMAIL                         sessions and API tokens stop working at once
  reactivate EMAIL
  reset-password EMAIL                     a new generated password, printed once; the user's
                                           sessions end

Options:
  --json        print JSON (list: {items: [...]}; others: the changed account)
  --url URL     with a token: act through a running server (default $EDGEWISE_URL)
  --token T     an admin's API token (default $EDGEWISE_TOKEN); without one, uses the database

Edgewise always keeps one active admin: demoting or deactivating the last one is refused.
Exit status: 0 on success, 1 on failure (unknown user, refused change), 2 on bad usage.`;

export const tokensHelp = `Usage: edgewise tokens <subcommand> [options]

API tokens for scripts and the CLI. A token acts with its owner's current role; only its hash
is stored, so it is printed once, when created.

Subcommands:
  list [--user EMAIL]            tokens: yours with a token; on the server, everyone's (or one user's)
  create NAME [--user EMAIL]     a new token, printed once. With a token: for its own user.
                                 On the server (no token): for --user EMAIL (required)
  revoke ID                      stop a token at once (yours; an admin's or the server's: any)

Options:
  --json        print JSON (list: {items: [...]}; create: {id, name, prefix, token, ...})
  --url URL     with a token: act through a running server (default $EDGEWISE_URL)
  --token T     API token (default $EDGEWISE_TOKEN); without one, uses the database directly

Exit status: 0 on success, 1 on failure (unknown user or token), 2 on bad usage.`;

export const decontamHelp = `Usage: edgewise decontam --domain SLUG [--benchmark NAME]... [--n N] [--short-n N] [--short-below W] [--json]

Check a domain's candidates against benchmarks (all of them unless --benchmark names some):
a candidate sharing a word n-gram with a benchmark item (lowercased, punctuation and
whitespace folded) is flagged contaminated and left out of runs, review queues and
snapshots, unless a lead overrides that benchmark for the domain. Prints a summary, or one
JSON object with --json. Recorded as a check on the domain page.

Options:
  --domain SLUG      the domain to check
  --benchmark NAME   a benchmark by name (repeat for several; case-insensitive)
  --n N              n-gram length (default 13)
  --short-n N        n-gram length for short prompts (default 8)
  --short-below W    prompts under W words are short (default 40; 0: no short rule)
  --json             print the summary as JSON

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
Exit status: 0 on success, 1 on failure, 2 on bad usage.`;

export const dedupHelp = `Usage: edgewise dedup --domain SLUG [--threshold 0.8] [--json]

Find near-duplicate prompts: MinHash signatures of word 5-gram shingles, LSH bands stored in
the database (so only prompts not hashed yet are hashed), pairs confirmed by their exact
Jaccard similarity and grouped into clusters. In the domain, every cluster member but its
representative (the first imported with a reference answer, else the first imported) is
flagged near-duplicate and left out of runs, review queues and exports; pairs across domains
are reported, not flagged. Pairs a lead unflagged stay unflagged.

Options:
  --domain SLUG      the domain to check (its prompts are compared with the whole pool)
  --threshold T      Jaccard similarity (0.5–1) at or above which two prompts are
                     near-duplicates; saved as the domain's threshold (default: the domain's, 0.8)
  --json             print the summary as one JSON object

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
Exit status: 0 on success, 1 on failure, 2 on bad usage.`;

/** Each command's help, by name. */
export const commandHelp = Object.freeze({
  domains: domainsHelp,
  import: importHelp,
  imports: importsHelp,
  runs: runsHelp,
  review: reviewHelp,
  snapshot: snapshotHelp,
  mixture: mixtureHelp,
  export: exportHelp,
  batch: batchHelp,
  verify: verifyHelp,
  users: usersHelp,
  tokens: tokensHelp,
  decontam: decontamHelp,
  dedup: dedupHelp,
});

/**
 * What a command line asks of the help, or null when it asks a command to run:
 * no arguments (usage, exit 2), --help / -h / help [COMMAND], COMMAND --help, or an unknown
 * command (stderr, exit 2).
 */
export function helpFor(argv) {
  const [name, ...rest] = argv;
  if (!name) return { text: mainHelp, exit: EXIT.usage, stderr: false };
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] && Object.hasOwn(commandHelp, rest[0]) ? commandHelp[rest[0]] : mainHelp;
    return { text: topic, exit: EXIT.ok, stderr: false };
  }
  if (!Object.hasOwn(commandHelp, name)) return { text: `edgewise: unknown command "${name}"\n\n${mainHelp}`, exit: EXIT.usage, stderr: true };
  if (rest.includes("--help") || rest.includes("-h")) return { text: commandHelp[name], exit: EXIT.ok, stderr: false };
  return null;
}
