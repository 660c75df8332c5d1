export { consoleSink, formatForConsole } from "./console-sink.ts";
export { jsonlFileSink } from "./jsonl-sink.ts";
export { isPublicAddress, PrivateNetworkError } from "./network-guard.ts";
export {
  type AlertAttributes,
  alertAttributes,
  describeChange,
  describeStatus,
  MAX_SMS_LENGTH,
  MAX_SUBJECT_LENGTH,
  NO_STAGE,
  renderAlertJson,
  renderEmail,
  renderSms,
  renderSnsMessage,
  renderSubject,
  type SnsMessageStructure,
  type TreatyPhrase,
  treatyPhrase,
} from "./render.ts";
export { backoffDelay, PermanentDeliveryError, type RetryOptions, withRetry } from "./retry.ts";
export { ALERT_ID_HEADER, SIGNATURE_HEADER, signBody, verifyBodySignature } from "./signature.ts";
export type { AlertSink } from "./sink.ts";
export { type SnsSinkOptions, snsPublishInput, snsSink } from "./sns-sink.ts";
export { GSM7_BASIC, toPlainText, truncate } from "./text.ts";
export { WebhookDeliveryError, type WebhookSinkOptions, webhookSink } from "./webhook-sink.ts";
