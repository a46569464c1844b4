// Entry point of taskpane.html. office.js is loaded before this script by a <script> tag from the add-in's own
// origin (dist/office-js/office.js, copied from @microsoft/office-js; never a CDN).
import { createOfficeActions, defaultHost } from "../office/port";
import { startTaskPane } from "./start";

const container = document.getElementById("root");
if (container)
  void startTaskPane(container, { createActions: () => createOfficeActions(defaultHost()) });
