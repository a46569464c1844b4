export type { HostActions, Progress, WrittenRules } from "../session/host-actions";
