// The audit logs the reconciler reads to say who changed a drifted resource, one per provider:
// CloudTrail for AWS, the fixture cloud's activity log for the demo's provider. Resources of any
// other provider read "who: not available for <provider>".
import type { ActivitySource } from "../core/attribution-source.js";
import { fixtureActivitySource } from "../demo/fixture-activity-source.js";
import { cloudTrailSource } from "../engine/cloudtrail-source.js";

export function attributionSources(): ActivitySource[] {
  return [cloudTrailSource(), fixtureActivitySource];
}
