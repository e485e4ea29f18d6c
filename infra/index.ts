// Entry point for `pulumi up` (see Pulumi.yaml). Config is read once here and passed down as data.
import { loadInfraConfig } from "./config.js";
import { defineInfra } from "./define-infra.js";

const outputs = defineInfra(loadInfraConfig());

export const vpcId = outputs.vpcId;
export const publicSubnetIds = outputs.publicSubnetIds;
export const privateSubnetIds = outputs.privateSubnetIds;
export const albDnsName = outputs.albDnsName;
export const url = outputs.url;
export const albSecurityGroupId = outputs.albSecurityGroupId;
export const appSecurityGroupId = outputs.appSecurityGroupId;
export const accessLogsBucket = outputs.accessLogsBucket;
export const flowLogGroup = outputs.flowLogGroup;
export const clusterName = outputs.clusterName;
export const serviceName = outputs.serviceName;
