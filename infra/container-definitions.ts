export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[] | undefined;
  /** The user the process runs as; undefined keeps the image's own USER. */
  readonly user: string | undefined;
  readonly readOnlyRootFilesystem: boolean;
  readonly port: number;
  readonly logGroupName: string;
  readonly region: string;
}

/** The ECS container definitions (as JSON) for a single-container web task that logs to CloudWatch. */
export function containerDefinitions(spec: ContainerSpec): string {
  return JSON.stringify([
    {
      name: spec.name,
      image: spec.image,
      essential: true,
      // Omitted rather than empty, so that an image's own CMD and USER apply.
      ...(spec.command === undefined ? {} : { command: [...spec.command] }),
      ...(spec.user === undefined ? {} : { user: spec.user }),
      readonlyRootFilesystem: spec.readOnlyRootFilesystem,
      privileged: false,
      portMappings: [{ containerPort: spec.port, protocol: "tcp" }],
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": spec.logGroupName,
          "awslogs-region": spec.region,
          "awslogs-stream-prefix": spec.name,
        },
      },
    },
  ]);
}
