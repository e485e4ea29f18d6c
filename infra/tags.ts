/** The tags every taggable resource carries, so that cost reports and console searches can find them. */
export interface StandardTags {
  readonly Environment: string;
  readonly Project: string;
  readonly ManagedBy: "pulumi";
}

export function standardTags(env: string, project: string): StandardTags {
  return { Environment: env, Project: project, ManagedBy: "pulumi" };
}
