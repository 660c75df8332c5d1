import * as path from "node:path";
import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import {
  ESBUILD_TARGET,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  HANDLER_ENTRIES,
  type HandlerName,
  LAZY_DATA_DIRS,
  MAIN_FIELDS,
} from "../bundling.ts";

/** Repository root: infra/constructs/../.. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..", "..");

/** Powertools service name shared by every function, so metric dimensions match the alarms. */
export const SERVICE_NAME = "treaty-watch";
export const METRICS_NAMESPACE = "TreatyWatch";

export interface TreatyFunctionProps {
  handler: HandlerName;
  description: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /** Files to copy next to the bundle: [absolute source, path in the bundle (folders are created)]. */
  extraFiles?: ReadonlyArray<readonly [string, string]>;
}

/**
 * A Node.js 24 arm64 Lambda bundled by local esbuild, with its own log group (retention set) and its
 * own role holding only what the stack grants it: no AWS managed policy, so every permission is visible
 * in this repository.
 */
export class TreatyFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TreatyFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "Logs", {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Treaty Watch ${props.handler} function`,
    });
    this.logGroup.grantWrite(this.role);

    const copies = [
      ...LAZY_DATA_DIRS.map(([source, name]) => [path.join(PROJECT_ROOT, source), name] as const),
      ...(props.extraFiles ?? []),
    ];
    this.fn = new nodejs.NodejsFunction(this, "Function", {
      entry: path.join(PROJECT_ROOT, HANDLER_ENTRIES[props.handler]),
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: "INFO",
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        minify: true,
        sourceMap: false,
        target: ESBUILD_TARGET,
        format: nodejs.OutputFormat.ESM,
        mainFields: MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        externalModules: EXTERNAL_MODULES,
        bundleAwsSDK: true,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) =>
            copies.flatMap(([source, name]) => {
              const target = `${outputDir}/${name}`;
              // A name may be a path (status/ccm.jsonl): its folder is made first.
              return [
                `mkdir -p ${shellQuote(path.posix.dirname(target))}`,
                `cp -R ${shellQuote(source)} ${shellQuote(target)}`,
              ];
            }),
        },
      },
    });

    // X-Ray (Tracing.ACTIVE) adds xray:PutTraceSegments / PutTelemetryRecords on "*".
    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; CDK adds them for Tracing.ACTIVE.",
    });
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
