// The Chromium the status-page test drives: $CHROMIUM_PATH, else `chromium` or `chromium-browser`
// on PATH, the places scripts/setup-browser.sh (npm test's set-up) provides it or names what to install.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env["CHROMIUM_PATH"];
  if (configured) return configured;
  const dirs = (env["PATH"] ?? "").split(delimiter).filter(Boolean);
  for (const name of ["chromium", "chromium-browser"]) {
    const found = dirs.map((dir) => join(dir, name)).find(executable);
    if (found) return found;
  }
  throw new Error(
    "no Chromium: run `npm test`, whose set-up (scripts/setup-browser.sh) provides it or says what to install",
  );
}
