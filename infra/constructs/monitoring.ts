import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRICS_NAMESPACE, SERVICE_NAME } from "./treaty-function.ts";

/** EMF metric names emitted by functions/ (Powertools Metrics, dimension service=treaty-watch). */
export const METRIC_NAMES = {
  feedsPolled: "FeedsPolled",
  feedsFailed: "FeedsFailed",
  itemsNew: "ItemsNew",
  eventsExtracted: "EventsExtracted",
  alertsPublished: "AlertsPublished",
  alertsFailed: "AlertsFailed",
  oldestPendingAlertAge: "OldestPendingAlertAgeSeconds",
} as const;

export interface MonitoringProps {
  functions: Readonly<Record<string, lambda.IFunction>>;
  deadLetterQueue: sqs.IQueue;
  /** Optional e-mail address subscribed to the operations topic. */
  opsEmail?: string;
  /** Alarm when an alert has been pending longer than this. */
  pendingAlertAgeThreshold: Duration;
  /** Alarm when this share of polled feeds failed over an hour. */
  feedFailureRatioThreshold: number;
}

function serviceMetric(metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period,
  });
}

/** Operations topic (encrypted, TLS-only) and the alarms that page it. */
export class Monitoring extends Construct {
  readonly opsTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    const key = new kms.Key(this, "Key", {
      description: "Treaty Watch operations topic encryption",
      enableKeyRotation: true,
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets CloudWatch use it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
      }),
    );
    this.opsTopic = new sns.Topic(this, "OpsTopic", {
      displayName: "Treaty Watch operations",
      masterKey: key,
      enforceSSL: true,
    });
    if (props.opsEmail) this.opsTopic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail));
    const notify = new actions.SnsAction(this.opsTopic);
    const add = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, alarmProps);
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      this.alarms.push(alarm);
      return alarm;
    };
    const fiveMinutes = Duration.minutes(5);

    add("DeadLetterQueueDepth", {
      alarmDescription: "Feed poll requests failed repeatedly and reached the dead-letter queue.",
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: fiveMinutes,
        statistic: "Maximum",
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const [name, fn] of Object.entries(props.functions)) {
      add(`${name}Errors`, {
        alarmDescription: `The ${name} function failed (uncaught errors or timeouts).`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: "Sum" }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    // One dead feed is normal; most feeds failing at once (network, parser regression) is not.
    const hour = Duration.hours(1);
    add("FeedFailureRatio", {
      alarmDescription: `More than ${props.feedFailureRatioThreshold * 100}% of feed polls failed in an hour.`,
      metric: new cloudwatch.MathExpression({
        expression: "IF(polled > 0, failed / polled, 0)",
        usingMetrics: {
          polled: serviceMetric(METRIC_NAMES.feedsPolled, "Sum", hour),
          failed: serviceMetric(METRIC_NAMES.feedsFailed, "Sum", hour),
        },
        period: hour,
        label: "Feed failure ratio",
      }),
      threshold: props.feedFailureRatioThreshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // A failed publish stays pending and is retried by the sweep; alarm when failures persist.
    add("PublishFailures", {
      alarmDescription: "Publishing alerts to SNS failed in 2 of the last 3 five-minute periods.",
      metric: serviceMetric(METRIC_NAMES.alertsFailed, "Sum", fiveMinutes),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // The sweep reports this on every run (0 when nothing is pending): missing data means the sweep
    // itself is not running, which must page too.
    add("PendingAlertAge", {
      alarmDescription: `An alert has been pending for more than ${props.pendingAlertAgeThreshold.toHumanString()} (or the sweep stopped reporting).`,
      metric: serviceMetric(METRIC_NAMES.oldestPendingAlertAge, "Maximum", Duration.minutes(15)),
      threshold: props.pendingAlertAgeThreshold.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
