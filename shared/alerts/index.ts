export { RefusedAddressError } from "../net/address-policy.ts";
export { consoleSink, formatForConsole } from "./console-sink.ts";
export { jsonlFileSink } from "./jsonl-sink.ts";
export {
  type AlertAttributes,
  alertAttributes,
  alertSentence,
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
} from "./render.ts";
export { backoffDelay, PermanentDeliveryError, type RetryOptions, withRetry } from "./retry.ts";
export { ALERT_ID_HEADER, SIGNATURE_HEADER, signBody, verifyBodySignature } from "./signature.ts";
export type { AlertSink } from "./sink.ts";
export { type SnsSinkOptions, snsPublishInput, snsSink } from "./sns-sink.ts";
export { GSM7_BASIC, toPlainText, truncate } from "./text.ts";
export {
  DEFAULT_WEBHOOK_TIMEOUT_MS,
  WebhookDeliveryError,
  type WebhookSinkOptions,
  webhookSink,
} from "./webhook-sink.ts";
