// An engine's environment is an allow-list: the stack's own variables and the engine's settings
// from the process environment; every other variable of it arrives empty.
import { describe, expect, it } from "vitest";
import { engineEnv, engineSettings, isEngineSetting } from "../../../reconciler/core/engine-env.js";

const ambient = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/reconciler",
  HTTPS_PROXY: "http://proxy.internal:3128",
  SSL_CERT_FILE: "/etc/ssl/corp.pem",
  LC_ALL: "C.UTF-8",
  PULUMI_HOME: "/opt/pulumi-home",
  PULUMI_DIY_BACKEND_GZIP: "true",
  GITHUB_TOKEN: "ghp_reconciler_token",
  PULUMI_ACCESS_TOKEN: "pul-shared",
  PULUMI_CONFIG_PASSPHRASE: "ambient",
  PROD_PULUMI_CONFIG_PASSPHRASE: "prod-secret",
  AWS_SECRET_ACCESS_KEY: "shared-aws-secret",
  NODE_OPTIONS: "--require /tmp/hook.js",
  UNSET: undefined,
};

describe("engineEnv", () => {
  it("passes the engine's settings and clears everything else the process has", () => {
    expect(engineEnv({}, ambient)).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/home/reconciler",
      HTTPS_PROXY: "http://proxy.internal:3128",
      SSL_CERT_FILE: "/etc/ssl/corp.pem",
      LC_ALL: "C.UTF-8",
      PULUMI_HOME: "/opt/pulumi-home",
      PULUMI_DIY_BACKEND_GZIP: "true",
      GITHUB_TOKEN: "",
      PULUMI_ACCESS_TOKEN: "",
      PULUMI_CONFIG_PASSPHRASE: "",
      PROD_PULUMI_CONFIG_PASSPHRASE: "",
      AWS_SECRET_ACCESS_KEY: "",
      NODE_OPTIONS: "",
    });
  });

  it("puts the stack's own variables on top, also over an engine setting", () => {
    const env = engineEnv({ PULUMI_CONFIG_PASSPHRASE: "prod-secret", HOME: "/srv/prod" }, ambient);
    expect(env["PULUMI_CONFIG_PASSPHRASE"]).toBe("prod-secret");
    expect(env["HOME"]).toBe("/srv/prod");
    expect(env["GITHUB_TOKEN"]).toBe("");
  });

  it("leaves out a variable the process does not have", () => {
    expect(Object.keys(engineEnv({}, ambient))).not.toContain("UNSET");
  });
});

describe("isEngineSetting", () => {
  it.each(["PATH", "no_proxy", "NODE_EXTRA_CA_CERTS", "LC_CTYPE", "TZ", "PULUMI_SKIP_UPDATE_CHECK"])(
    "passes %s",
    (name) => expect(isEngineSetting(name)).toBe(true),
  );

  it.each([
    "PULUMI_ACCESS_TOKEN",
    "PULUMI_CONFIG_PASSPHRASE",
    "PULUMI_BACKEND_URL",
    "AWS_PROFILE",
    "LC_",
    "GITHUB_TOKEN",
  ])("keeps %s out (it comes per stack, or not at all)", (name) => expect(isEngineSetting(name)).toBe(false));
});

describe("engineSettings", () => {
  it("keeps the engine's settings only, and leaves every other name out instead of empty", () => {
    expect(engineSettings(ambient)).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/home/reconciler",
      HTTPS_PROXY: "http://proxy.internal:3128",
      SSL_CERT_FILE: "/etc/ssl/corp.pem",
      LC_ALL: "C.UTF-8",
      PULUMI_HOME: "/opt/pulumi-home",
      PULUMI_DIY_BACKEND_GZIP: "true",
    });
  });
});
