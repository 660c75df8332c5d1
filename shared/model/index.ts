export * from "./alert.ts";
export * from "./news-item.ts";
export * from "./status.ts";
export * from "./treaty-event.ts";
export * from "./vocabulary.ts";
