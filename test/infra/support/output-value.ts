import type * as pulumi from "@pulumi/pulumi";

/** The value an Output settles to (under mocks every Output is known). */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}
