// The method, as it appears in RESULTS.md: what each side runs, and why the comparison is fair
// or where it is not.
export const methodNotes = `## Method: what is compared, and why this way

**The two sides.** The reconciler never shells out itself: it drives the pinned Pulumi CLI through the
Automation API with an *inline program* (the program runs inside the reconciler's node process; the
engine reaches it over gRPC), so it needs no language host. The bare CLI here is the same pinned binary,
run by hand in the fixture project's directory with the same backend, passphrase and fixture cloud
(\`PULUMI_BACKEND_URL=file://…\`, \`--stack prod --non-interactive\`). \`pulumi-language-nodejs\` could
not be built on this machine, so **the bare CLI cannot run any command that needs the program**:
\`pulumi preview\`, \`pulumi up\` and \`pulumi preview --refresh\` fail with "no language plugin" (the
exact message is recorded below, per run of the bench). Only program-free commands are compared.

**Detection (section 1).** For an in-sync stack the reconciler makes one engine call,
\`preview({ refresh: true })\` (= \`pulumi preview --refresh\` with the inline program): it reads every
resource from the provider *and* runs the program and diffs it against the refreshed state. The nearest
command the bare CLI can run is \`pulumi refresh --preview-only\` (3.274 rejects \`--yes\` together with
\`--preview-only\`): it reads every resource and diffs the cloud against the state, but runs no program.
So the bare side does *less* work, and the ratios **overstate** the reconciler's overhead by the cost
of the program run and its diff. To separate the reconciler's own cost from the engine's, each run also
reports the engine time the reconciler measured around its engine call (\`DriftReport.engineOperations\`,
which includes spawning \`pulumi\` and starting the provider), the CLI's start-up (\`bin/reconciler stacks\`:
bash wrapper, \`scripts/run.sh\`, node running the compiled CLI in dist/, loading its modules, reading the config, nothing else) and the
rest (workspace selection, \`pulumi version\` checks, importing the program module, printing).
\`detectDrift()\` is the library call in the bench's own (already warm) node process: no start-up.
The warm-up iteration runs the smallest stack only (the caches it warms are shared by all sizes).

**Drift cycle (section 2).** Each run opens SSH on \`prod-alb-sg\` behind Pulumi's back, then:
bare \`pulumi refresh --preview-only\` (shows the drift) → \`bin/reconciler reconcile --json\` (detect,
heal, verify) → bare \`pulumi refresh --preview-only\` (shows it in sync). There is no program-free
heal: \`pulumi refresh --yes\` would *accept* the drift into the state (the opposite of healing), and
\`pulumi up --refresh\` needs the language host. So the bare sequence is *refresh-preview (detect) +
the reconciler's own heal engine time, substituted + refresh-preview (verify)*: the heal is the same
\`pulumi up --refresh\` engine call either way (\`--target\` the drifted URNs only when code changes are
pending and excluded; in this cycle none are), so substituting it charges the reconciler nothing extra
for it and compares only the parts the bare CLI can really run. The honest
overhead figure is *reconcile wall − all engine time* (detection with drift takes three engine calls:
\`preview --refresh\`, which finds a change, then \`preview-refresh\` for the drift and \`preview\` for
pending code changes, those two side by side, so engine time counts the longer of them; the bare detect
is one refresh-preview).

**Many stacks (section 3).** K copies of the fixture project, each with its own backend and cloud,
listed in one reconciler.yaml (all named \`prod\`: the config's duplicate rule keys on backend + project
+ name). \`detectDrift()\` in-process with \`concurrency\` 1 and 2; the speed-up is K × the K=1,
concurrency-1 time of the same run, divided by the wall time. The engine time summed over the stacks
shows how much each engine call slows down when two run at once on 2 cores.

**Memory (section 4).** \`bin/reconciler detect\` spawned under \`/usr/bin/time -v\`, with \`/proc\` polled for
the node process that runs the CLI (\`dist/reconciler/cli.js\`; bash and \`scripts/run.sh\` exec into it)
and for the whole process tree (reconciler, \`pulumi\` engines, providers). The report builder runs in a fresh
\`node --expose-gc\` process per stream: heap is measured before and after building the items, before and
after a forced GC.

**Noise.** The load average at start and end is in the machine table: on a 2-core machine any other job
(tests, builds) slows the engine calls and skews single runs; medians and paired per-run ratios damp it.
`;
