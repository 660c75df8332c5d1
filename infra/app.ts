#!/usr/bin/env node
// CDK entry point (cdk.json: "npx tsx infra/app.ts"). Context options are documented in create-app.ts.
import { createApp } from "./create-app.ts";

createApp().app.synth();
