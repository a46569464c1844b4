/**
 * The bench's pipeline case (runWorkbook on 13 district tabs x 1,000 rows x 24
 * periods), run ROUNDS times (default 15) for a CPU profile:
 *   node --cpu-prof --cpu-prof-dir=prof --import tsx bench/pipeline-profile.ts
 * Prints nothing; open the .cpuprofile (the largest one is the main thread's).
 */
import { districtWorkbook } from "./pipeline";
import { runWorkbook } from "../src/workbook/run";

const snapshot = districtWorkbook(13, 1000, 24);
const rounds = Number(process.env.ROUNDS ?? 15);
for (let round = 0; round < rounds; round++) runWorkbook(snapshot);
