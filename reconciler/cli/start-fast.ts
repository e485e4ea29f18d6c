// Imported first by the CLI's entry, before anything that loads @pulumi/pulumi (defer-modules.ts).
import { deferModules, deferredModules } from "./defer-modules.js";

deferModules(deferredModules);
