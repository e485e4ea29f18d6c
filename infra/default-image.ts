/** Small, public and able to serve HTTP with nothing but its standard library: a stand-in for a real app. */
export const DEFAULT_IMAGE = "public.ecr.aws/docker/library/python:3.12-slim";

/** `nobody:nogroup` in the Debian base of the default image: no home, no shell, no privileges. */
export const DEFAULT_IMAGE_USER = "65534:65534";

const DIGEST_SUFFIX = /@sha256:[0-9a-f]{64}$/;

/** Whether an image reference names one immutable image (`<repository>@sha256:<digest>`). */
export function isPinnedByDigest(image: string): boolean {
  return DIGEST_SUFFIX.test(image);
}

/** The default image by tag, or the same repository and tag pinned by digest. */
export function isDefaultImage(image: string): boolean {
  return image === DEFAULT_IMAGE || (image.startsWith(`${DEFAULT_IMAGE}@`) && isPinnedByDigest(image));
}

/**
 * The command that makes the default image a web server. `--directory /srv` serves an empty
 * directory, never the container's filesystem, and writes nothing, so the root filesystem can be
 * read-only. Another image keeps its own CMD.
 */
export function defaultCommand(image: string, port: number): string[] | undefined {
  return isDefaultImage(image) ? ["python", "-m", "http.server", String(port), "--directory", "/srv"] : undefined;
}

/** The default image runs as `nobody`; another image keeps the USER it was built with. */
export function defaultUser(image: string): string | undefined {
  return isDefaultImage(image) ? DEFAULT_IMAGE_USER : undefined;
}
