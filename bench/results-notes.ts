// The method, as it appears in RESULTS.md: what each side runs, and why the comparison is fair
// or where it is not.
export const methodNotes = `## Method: what is compared, and why this way

**The two sides.** The reconciler never shells out itself: it drives the pinned Pulumi CLI through the
Automation API. Detection asks the cheapest question first: a refresh preview (\`refresh --preview-only\`,
drift between the cloud and the state, no program run); it runs the program (\`preview\`) only when drift
was found, the program changed, or \`policy.pendingCheckEvery\` says the pending check is due (the record
of the last check lives in \`<audit.dir>/pending-checks.json\`; \`detect --check-pending\` forces it).
Each report says which path it took (\`checks.pending\`: checked / cached / skipped) and lists its engine
operations with their durations; the bench asserts the path it means to measure on every run. The bare CLI
is the same pinned binary, run in the project's directory with the same backend, passphrase and fixture
cloud (\`PULUMI_BACKEND_URL=file://…\`, \`--stack prod --non-interactive\`).

**Two fixture projects.** Sections 1–4 use the TypeScript fixture, which the reconciler runs as an *inline
program* (inside its own node process). \`pulumi-language-nodejs\` could not be built on this machine, so
the bare CLI cannot run that program (\`pulumi preview --refresh\` fails with "no language plugin"; the
message is recorded in section 1): there only program-free commands are compared. Section 5 uses the same
project in Pulumi YAML, a *local program* run through the pinned YAML language host by both sides, so every
command compares like with like.

**In-sync detection (section 1).** The bench writes each stack's pending record once, unmeasured (the first
detection runs the program), with \`pendingCheckEvery: 24h\`: every measured detection is one refresh preview,
the same engine call as the bare \`pulumi refresh --preview-only\`. Each run also reports the engine time the
reconciler measured around its engine calls (\`DriftReport.engineOperations\`, which includes spawning
\`pulumi\` and starting the provider), the CLI's start-up (\`bin/reconciler stacks\`: bash wrapper,
\`scripts/run.sh\`, node running the compiled CLI in dist/, loading its modules, reading the config, nothing
else) and the rest (the \`pulumi version\` stamp, fingerprinting the program, printing; opening a stack
spawns nothing). \`detectDrift()\` is the library call in the bench's own (already warm) node process:
no start-up, but it opens the stack on every call (no \`stackCache\`), as a one-off library call does;
section 5 measures a process that keeps its stacks open, as the service does. The warm-up iteration runs the smallest stack only (the caches it warms are shared by all sizes).

**Drift cycle (section 2).** Each run opens SSH on \`prod-alb-sg\` behind Pulumi's back, then:
bare \`pulumi refresh --preview-only\` (shows the drift) → \`bin/reconciler reconcile --json\` (detect,
heal, verify) → bare \`pulumi refresh --preview-only\` (shows it in sync). On the TypeScript project there
is no program-free heal: \`pulumi refresh --yes\` would *accept* the drift into the state (the opposite of
healing), and \`pulumi up --refresh\` needs the language host. So the bare sequence is *refresh-preview
(detect) + the reconciler's own heal engine time, substituted + refresh-preview (verify)*: the heal is the
same \`pulumi up --refresh\` engine call either way. Detection with drift takes two engine calls: the
refresh preview, which finds the drift, then \`preview --refresh\` (what \`up\` would do, for the guards;
the pending code changes are read off it). A plain \`preview\` follows only when the drift is on a
resource the code also changes (not in these runs). The verification after the heal is one refresh preview. Section 5c runs the real bare heal on the YAML project.

**Many stacks (section 3).** K copies of the fixture project, each with its own backend and cloud,
listed in one reconciler.yaml (all named \`prod\`: the config's duplicate rule keys on backend + project
+ name; so does the pending-check record). One unmeasured detection of all K first writes the pending records
(\`pendingCheckEvery: 24h\`), so each detection is one refresh preview; the table counts any that ran the
program. \`detectDrift()\` in-process with \`concurrency\` 1 and 2; the speed-up is K × the K=1,
concurrency-1 time of the same run, divided by the wall time. The engine time summed over the stacks
shows how much each engine call slows down when two run at once on 2 cores.

**Memory (section 4).** \`bin/reconciler detect\` spawned under \`/usr/bin/time -v\`, with \`/proc\` polled for
the node process that runs the CLI (\`dist/reconciler/cli/main.js\`; bash and \`scripts/run.sh\` exec into it)
and for the whole process tree (reconciler, \`pulumi\` engines, providers). The report builder runs in a fresh
\`node --expose-gc\` process per stream: heap is measured before and after building the items, before and
after a forced GC.

**Fair baselines (section 5).** A YAML copy of the fixture project with N resources per stack, deployed with
the bare \`pulumi up\`, listed in its own reconciler.yaml (policy \`mode: heal\`, \`pendingCheckEvery: 24h\`).
Before the runs, one forced detection per stack warms the bench's process (modules loaded, the stack opened
into a \`stackCache\`, the CLI version checked) and writes a fresh pending record. Each run then measures,
per N, back to back: (a) bare \`pulumi preview --refresh\` vs \`detectDrift({ forcePendingCheck: true,
stackCache })\` vs \`reconciler detect --check-pending --json\` (every report \`checks.pending = checked\`);
(b) bare \`pulumi refresh --preview-only\` vs \`detectDrift({ stackCache })\` vs \`reconciler detect --json\`
(every report \`checks.pending = cached\` and its engine operations exactly \`preview-refresh\`); (c) the
seed-style bare script (\`preview --refresh --expect-no-changes\`, which exits non-zero on the drift;
\`up --refresh --yes --skip-preview\`; \`preview --refresh --expect-no-changes\`, which must exit 0) vs
\`reconcile({ stackCache })\` vs \`reconciler reconcile --json\`, with the same SSH rule added out of band
before each side and the outcome asserted \`healed\` (the rule gone from the cloud). The bare script's time is
its three commands' wall times summed. Ratios and overheads (reconciler − bare) are per run, then the median.

**Targets.** The table at the top checks each target of issue 20 against these numbers: in-sync detection
(section 5b) warm ≤ 1.25× at N≈50 and ≤ 1.10× at N=200, CLI ≤ 1.8× and ≤ 1.4×; the forced check warm
≤ 1.10× at N=200 (5a); the drift cycle ≤ 1.0× (5c, every N measured); the overhead not growing with N
(largest N against smallest, within a noise allowance); 16 stacks at concurrency 2 ≥ 1.8× speed-up (section 3)
and peak RSS < 250 MiB (section 4a). A target whose N was not in the run says "not measured".

**Noise.** The load average at start and end is in the machine table: on a 2-core machine any other job
(tests, builds) slows the engine calls and skews single runs; medians and paired per-run ratios damp it.
`;
