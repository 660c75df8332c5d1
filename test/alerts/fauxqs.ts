import type { AddressInfo } from "node:net";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";

export const REGION = "us-east-1";
export const DUMMY_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * fauxqs (SNS + SQS emulator) on loopback only. Its startFauxqs() binds 0.0.0.0, so this uses the
 * exported buildApp() and listens on 127.0.0.1 with an OS-assigned port.
 */
export async function startLocalSns() {
  const app = buildApp({ logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    sns: (maxAttempts = 3) =>
      new SNSClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS, maxAttempts }),
    sqs: () => new SQSClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS }),
    stop: () => app.close(),
  };
}
