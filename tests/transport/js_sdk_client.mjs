// The AWS SDK for JavaScript v3 against `mock-codeartifact server`: proves the
// server speaks the wire protocol to an SDK that is not botocore. Prints what
// it saw as one JSON object; tests/transport/test_js_sdk.py checks it.
// Usage: node js_sdk_client.mjs ENDPOINT_URL   (NODE_PATH: where the SDK is installed)
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const sdk = require("@aws-sdk/client-codeartifact");
const {
  CodeartifactClient, CreateDomainCommand, CreateRepositoryCommand, GetRepositoryEndpointCommand,
  GetAuthorizationTokenCommand, ListDomainsCommand, ListRepositoriesInDomainCommand, DescribeDomainCommand,
  DescribeRepositoryCommand, DeleteRepositoryCommand, DeleteDomainCommand, ResourceNotFoundException,
} = sdk;

const client = new CodeartifactClient({
  endpoint: process.argv[2],
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIAJSSDKEXAMPLE", secretAccessKey: "not-a-secret" },
  maxAttempts: 1,
});
const seen = {};
const created = await client.send(new CreateDomainCommand({ domain: "jsdomain" }));
seen.createdDomain = created.domain.name;
seen.domainStatus = created.domain.status;
const repo = await client.send(new CreateRepositoryCommand({
  domain: "jsdomain", repository: "jsrepo", description: "made by the JS SDK" }));
seen.repositoryArn = repo.repository.arn;
seen.endpoint = (await client.send(new GetRepositoryEndpointCommand({
  domain: "jsdomain", repository: "jsrepo", format: "npm" }))).repositoryEndpoint;
const token = await client.send(new GetAuthorizationTokenCommand({ domain: "jsdomain", durationSeconds: 900 }));
seen.tokenLength = token.authorizationToken.length;
seen.tokenExpires = token.expiration instanceof Date;
seen.domains = (await client.send(new ListDomainsCommand({}))).domains.map((d) => d.name);
seen.repositories = (await client.send(new ListRepositoriesInDomainCommand({ domain: "jsdomain" })))
  .repositories.map((r) => r.name);
seen.describedDomain = (await client.send(new DescribeDomainCommand({ domain: "jsdomain" }))).domain.repositoryCount;
seen.description = (await client.send(new DescribeRepositoryCommand({
  domain: "jsdomain", repository: "jsrepo" }))).repository.description;
await client.send(new DeleteRepositoryCommand({ domain: "jsdomain", repository: "jsrepo" }));
await client.send(new DeleteDomainCommand({ domain: "jsdomain" }));
try {
  await client.send(new DescribeDomainCommand({ domain: "jsdomain" }));
  seen.error = "none";
} catch (error) {
  seen.error = error instanceof ResourceNotFoundException ? "ResourceNotFoundException" : String(error);
  seen.errorName = error.name;
  seen.httpStatus = error.$metadata.httpStatusCode;
  seen.resourceType = error.resourceType;
  seen.message = error.message;
}
console.log(JSON.stringify(seen));
