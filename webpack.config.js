// Webpack build for the Scorecard RAG task pane and its custom functions.
//   npx webpack --mode production      -> dist/ (set ADDIN_URL=https://host/path/ to rewrite the manifest's URLs)
//   npm run dev-server                 -> https://localhost:3000 (used by npm start)
// office.js is copied from node_modules/@microsoft/office-js into dist/office-js/ and loaded from there: no CDN.
import path from "node:path";
import { fileURLToPath } from "node:url";
import HtmlWebpackPlugin from "html-webpack-plugin";
import CopyWebpackPlugin from "copy-webpack-plugin";

const root = path.dirname(fileURLToPath(import.meta.url));
const officeJsDist = path.join(root, "node_modules", "@microsoft", "office-js", "dist");
const DEV_ORIGIN = "https://localhost:3000";
const DEV_PORT = 3000;

/** The production base URL from ADDIN_URL (always ending in "/"), or null to keep the localhost URLs. */
function productionBaseUrl() {
  const raw = process.env.ADDIN_URL?.trim();
  if (!raw) return null;
  const url = new URL(raw);
  if (url.protocol !== "https:") throw new Error(`ADDIN_URL must be an https URL, got ${raw}`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/** Rewrites https://localhost:3000/... to ADDIN_URL (and the bare origin, as in AppDomain, to ADDIN_URL's origin). */
export function rewriteManifest(content, base = productionBaseUrl()) {
  const xml = content.toString();
  if (!base) return xml;
  return xml.replaceAll(`${DEV_ORIGIN}/`, base).replaceAll(DEV_ORIGIN, new URL(base).origin);
}

/** HTTPS for the dev server: Office's trusted dev certificate when it can be had, else a self-signed one. */
async function devServerHttps() {
  try {
    const devCerts = await import("office-addin-dev-certs");
    const getHttpsServerOptions =
      devCerts.getHttpsServerOptions ?? devCerts.default?.getHttpsServerOptions;
    const { ca, key, cert } = await getHttpsServerOptions();
    return { type: "https", options: { ca, key, cert } };
  } catch (err) {
    console.warn(
      `office-addin-dev-certs could not provide a trusted certificate (${err instanceof Error ? err.message : err}); ` +
        "using webpack-dev-server's self-signed certificate. Office will refuse it until you trust it: " +
        "run npx office-addin-dev-certs install."
    );
    return { type: "https" };
  }
}

// Files office.js loads at run time, relative to its own folder: the host-specific scripts for every Excel platform
// (web, Windows, Mac, iPad, Android), the locale strings, telemetry and auth helpers. Debug builds are left out.
const officeJsFiles = [
  "office.js",
  "o15apptofilemappingtable.js",
  "excel-*-16.*.js",
  "*/office_strings.js",
  "telemetry/*.js",
  "ariatelemetry/*.js",
  "webauth/*.js",
];

export default async (env = {}, argv = {}) => {
  const production = argv.mode === "production";
  const serving = Boolean(env.WEBPACK_SERVE);

  return {
    mode: production ? "production" : "development",
    context: root,
    devtool: production ? false : "source-map",
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      functions: "./src/functions/register.ts",
    },
    output: {
      path: path.join(root, "dist"),
      // The manifest names functions.js itself (Functions.Script.Url), so it keeps a fixed name.
      filename: ({ chunk }) =>
        production && chunk?.name !== "functions" ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      publicPath: "",
      clean: true,
    },
    target: ["web", "es2020"],
    resolve: {
      extensions: [".tsx", ".ts", ".js"],
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: path.join(root, "tsconfig.json"),
              transpileOnly: true,
              compilerOptions: { noEmit: false, target: "ES2020", sourceMap: !production },
            },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "functions.html",
        template: "./src/functions/functions.html",
        chunks: ["functions"],
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: [],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/support.html", to: "support.html" },
          { from: "src/functions/functions.json", to: "functions.json" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => rewriteManifest(content),
          },
          ...officeJsFiles.map((from) => ({
            from,
            context: officeJsDist,
            to: "office-js/[path][name][ext]",
            globOptions: { ignore: ["**/*.debug.js"] },
            // Already minified by Microsoft: keep Terser away from it.
            info: { minimized: true },
          })),
          { from: path.join(officeJsDist, "..", "LICENSE.md"), to: "office-js/LICENSE.md" },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: serving
      ? {
          port: DEV_PORT,
          server: await devServerHttps(),
          headers: { "Access-Control-Allow-Origin": "*" },
          static: false,
          client: { overlay: { warnings: false } },
        }
      : undefined,
  };
};
