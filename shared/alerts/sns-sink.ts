import { type MessageAttributeValue, PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import type { Alert } from "../model/alert.ts";
import { alertAttributes, renderSnsMessage, renderSubject } from "./render.ts";
import type { AlertSink } from "./sink.ts";

export interface SnsSinkOptions {
  topicArn: string;
  /**
   * Defaults to an SNSClient from the standard AWS SDK configuration (region, credentials,
   * AWS_ENDPOINT_URL_SNS, AWS_MAX_ATTEMPTS…). The SDK's standard retry strategy retries throttling
   * and transient errors with exponential backoff.
   */
  client?: SNSClient;
}

/** The PublishCommand input for one alert: per-protocol bodies, subject, and the 4 filter attributes. */
export function snsPublishInput(alert: Alert, topicArn: string) {
  const attributes = alertAttributes(alert);
  const messageAttributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    messageAttributes[name] = { DataType: "String", StringValue: value };
  }
  return {
    TopicArn: topicArn,
    MessageStructure: "json",
    Message: JSON.stringify(renderSnsMessage(alert)),
    Subject: renderSubject(alert),
    MessageAttributes: messageAttributes,
  };
}

/**
 * Throttling is common on SMS-heavy topics: allow a few more tries than the SDK's default 3 (unless
 * AWS_MAX_ATTEMPTS says otherwise), and bound each attempt so a hung connection cannot stall a cycle.
 */
function defaultClient(): SNSClient {
  return new SNSClient({
    ...(process.env.AWS_MAX_ATTEMPTS ? {} : { maxAttempts: 5 }),
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
  });
}

/**
 * Publishes each alert to an SNS topic with MessageStructure=json. Throws when SNS refuses or cannot
 * be reached after the SDK's retries, so the caller keeps the alert pending.
 */
export function snsSink(opts: SnsSinkOptions): AlertSink {
  const ownsClient = !opts.client;
  const client = opts.client ?? defaultClient();
  return {
    name: `sns:${opts.topicArn}`,
    async publish(alert) {
      try {
        await client.send(new PublishCommand(snsPublishInput(alert, opts.topicArn)));
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`SNS publish of alert ${alert.id} to ${opts.topicArn} failed: ${reason}`, {
          cause: error,
        });
      }
    },
    async close() {
      if (ownsClient) client.destroy();
    },
  };
}
