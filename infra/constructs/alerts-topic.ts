import { Arn, ArnFormat, Stack, Token, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as cr from "aws-cdk-lib/custom-resources";
import { Construct } from "constructs";

/** One topic subscription, as read from the subscriptions config file. */
export interface TopicSubscriptionSpec {
  protocol: "email" | "sms" | "https";
  endpoint: string;
  /** SNS filter policy on the message attributes treaty / country / direction / stage. */
  filterPolicy?: Record<string, readonly unknown[]>;
}

export interface AlertsTopicProps {
  subscriptions: readonly TopicSubscriptionSpec[];
  /**
   * SMS delivery-status logging is an account-wide SNS setting (SetSMSAttributes), not a topic attribute.
   * Set it only when this stack sends SMS, and let operators opt out if another stack owns the setting.
   */
  smsDeliveryStatusLogging: boolean;
  /** Percentage of successful deliveries logged (failures are always logged). */
  successSampleRate?: number;
}

/**
 * The alerts topic: encrypted with its own KMS key, TLS-only by topic policy, delivery-status logging to
 * CloudWatch Logs for HTTP(S) (topic attribute) and SMS (account attribute), subscriptions with filters.
 */
export class AlertsTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  readonly deliveryStatusRole: iam.Role;

  constructor(scope: Construct, id: string, props: AlertsTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const sampleRate = props.successSampleRate ?? 100;

    this.key = new kms.Key(this, "Key", {
      description: "Treaty Watch alerts topic encryption",
      enableKeyRotation: true,
    });

    // SNS writes delivery logs to log groups it names sns/<region>/<account>/<topic or
    // DirectPublishToPhoneNumber>[/Failure] and creates them on first use.
    this.deliveryStatusRole = new iam.Role(this, "DeliveryStatusRole", {
      assumedBy: new iam.ServicePrincipal("sns.amazonaws.com"),
      description: "Lets SNS write Treaty Watch delivery-status logs",
    });
    const snsLogGroups = Arn.format(
      {
        service: "logs",
        resource: "log-group",
        resourceName: `sns/${stack.region}/${stack.account}/*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    );
    this.deliveryStatusRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          "logs:CreateLogGroup",
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "logs:PutMetricFilter",
          "logs:PutRetentionPolicy",
        ],
        resources: [snsLogGroups],
      }),
    );
    Validations.of(this.deliveryStatusRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${nagName(stack.region, "AWS::Region")}:${nagName(stack.account, "AWS::AccountId")}:log-group:sns/${nagName(stack.region, "AWS::Region")}/${nagName(stack.account, "AWS::AccountId")}/*]`,
      reason:
        "SNS chooses and creates its delivery-status log group names (per topic and for SMS); the role is limited to the sns/<region>/<account>/ prefix.",
    });

    this.topic = new sns.Topic(this, "Topic", {
      displayName: "Treaty Watch",
      masterKey: this.key,
      enforceSSL: true,
      loggingConfigs: [
        {
          protocol: sns.LoggingProtocol.HTTP,
          successFeedbackRole: this.deliveryStatusRole,
          failureFeedbackRole: this.deliveryStatusRole,
          successFeedbackSampleRate: sampleRate,
        },
      ],
    });

    props.subscriptions.forEach((spec) => {
      this.topic.addSubscription(subscriptionFor(spec));
    });

    if (props.smsDeliveryStatusLogging) {
      const setSmsAttributes: cr.AwsSdkCall = {
        service: "SNS",
        action: "setSMSAttributes",
        parameters: {
          attributes: {
            DeliveryStatusIAMRole: this.deliveryStatusRole.roleArn,
            DeliveryStatusSuccessSamplingRate: String(sampleRate),
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of("treaty-watch-sms-delivery-status"),
      };
      const smsLogging = new cr.AwsCustomResource(this, "SmsDeliveryStatusLogging", {
        onCreate: setSmsAttributes,
        onUpdate: setSmsAttributes,
        installLatestAwsSdk: false,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ["sns:SetSMSAttributes"], resources: ["*"] }),
          new iam.PolicyStatement({
            actions: ["iam:PassRole"],
            resources: [this.deliveryStatusRole.roleArn],
          }),
        ]),
      });
      Validations.of(smsLogging).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "sns:SetSMSAttributes is an account-level action with no resource-level permissions.",
      });
      // The provider function's role is a stack-level singleton outside this construct.
      const providerRole = smsLogging.grantPrincipal;
      if (providerRole instanceof Construct) {
        Validations.of(providerRole).acknowledge({
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason:
            "Role of CDK's AwsCustomResource provider (runs once per deployment); the managed policy only allows writing its own logs.",
        });
      }
    }
  }
}

/** How cdk-nag renders a value in a finding id: literal if resolved, else the pseudo parameter. */
function nagName(value: string, pseudo: string): string {
  return Token.isUnresolved(value) ? `<${pseudo}>` : value;
}

function subscriptionFor(spec: TopicSubscriptionSpec): sns.ITopicSubscription {
  const filterPolicy = spec.filterPolicy
    ? Object.fromEntries(
        Object.entries(spec.filterPolicy).map(([attribute, conditions]) => [
          attribute,
          new sns.SubscriptionFilter([...conditions]),
        ]),
      )
    : undefined;
  switch (spec.protocol) {
    case "email":
      return new subscriptions.EmailSubscription(spec.endpoint, { filterPolicy });
    case "sms":
      return new subscriptions.SmsSubscription(spec.endpoint, { filterPolicy });
    case "https":
      return new subscriptions.UrlSubscription(spec.endpoint, {
        protocol: sns.SubscriptionProtocol.HTTPS,
        filterPolicy,
        rawMessageDelivery: false,
      });
  }
}
