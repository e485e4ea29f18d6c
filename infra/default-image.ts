/** Small, public and able to serve HTTP with nothing but its standard library: a stand-in for a real app. */
export const DEFAULT_IMAGE = "public.ecr.aws/docker/library/python:3.12-slim";

/**
 * The command that makes the default image a web server. `--directory /srv` serves an empty
 * directory, never the container's filesystem. Another image keeps its own CMD.
 */
export function defaultCommand(image: string, port: number): string[] | undefined {
  return image === DEFAULT_IMAGE ? ["python", "-m", "http.server", String(port), "--directory", "/srv"] : undefined;
}
