import { defineConfig } from "vitest/config";

// Three tiers, each its own vitest project: `npm test` runs them all,
// `npx vitest run --project engine` runs one.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // @actions/workflow-parser imports its JSON schema without `with { type: "json" }`, which
          // Node refuses; inlined, Vite loads it (test/unit/deploy-artifacts.test.ts).
          server: { deps: { inline: ["@actions/workflow-parser"] } },
        },
      },
      { test: { name: "infra", include: ["test/infra/**/*.test.ts"], testTimeout: 30_000 } },
      {
        test: {
          name: "engine",
          include: ["test/engine/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Engine operations are CPU-heavy; two files at a time fits a 2-core machine.
          // Its own group, after unit and infra (a different worker count needs its own group).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
