// Adobe's Streaming SDK tutorial as code, from TypeScript: the same StreamingSource the Python
// package declares, hosted by its `aep` plugin (`aep-streaming plugin install`).
import * as pulumi from "@pulumi/pulumi";
import * as aep from "@pulumi/aep";

const config = new pulumi.Config("webhooks");
// `_tenant.` stands for the tenant namespace of whichever org the stack uses (resolved at preview).
const loyalty = "_tenant.loyalty.tier";

const mappings: aep.types.input.FieldMappingArgs[] = [
    { source: "firstName", destination: "person.name.firstName" },
    { source: "lastName", destination: "person.name.lastName" },
    { source: "email", destination: "personalEmail.address" },
];
if (config.getBoolean("mapLoyalty")) {
    mappings.push({ source: "upper(tier)", destination: loyalty, sourceType: "EXPRESSION" });
}

const source = new aep.StreamingSource("webhooks", {
    displayName: config.get("displayName") ?? "Webhook people",
    schemaTitle: config.get("schemaTitle") ?? "TypeScript webhook people",
    description: "People posted by our webhook",
    fields: [
        { path: "person.name.firstName" },
        { path: "person.name.lastName" },
        { path: "personalEmail.address" },
        { path: loyalty, type: "string", title: "Loyalty tier" },
    ],
    mappings,
});

export const inletUrl = source.inletUrl;
export const flowId = source.flowId;
export const datasetId = source.datasetId;
export const schemaId = source.schemaId;
export const mappingSetVersion = source.mappingSetVersion;
