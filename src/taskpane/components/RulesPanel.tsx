import * as React from "react";
import type { HostActions, WrittenRules } from "../../session/host-actions";
import type { LearnedRules } from "../../workbook/learn-rules";
import type { RunResult } from "../../workbook/run";
import type { StoredSettings } from "../../workbook/state";
import { useMounted } from "./hooks";
import { LearnRules, writtenSummary } from "./LearnRules";
import { finished, NEXT, type Activity, type PaneTools } from "./pane";
import { OutputColumns } from "./OutputColumns";
import { PanelSection } from "./PanelSection";
import { RuleDefaults } from "./RuleDefaults";
import { allCodes, plural } from "./text";

export interface RulesPanelProps {
  readonly actions: Pick<
    HostActions,
    "saveSettings" | "createRulesSheet" | "learnRules" | "writeLearnedRules"
  >;
  readonly pane: PaneTools;
  readonly activity: Activity;
  /** The latest analysis: its indicator codes seed the Rules sheet. */
  readonly analysis: RunResult | undefined;
  /** The rule defaults saved in the workbook. */
  readonly settings: StoredSettings;
  /** Shows other settings at once (saving them, and back when saving fails). */
  readonly onSettingsChange: (settings: StoredSettings) => void;
}

/** "Rules": the default rule, the Rules sheet, and learning the rules from the published ratings. */
export function RulesPanel({
  actions,
  pane,
  activity,
  analysis,
  settings,
  onSettingsChange,
}: RulesPanelProps): React.JSX.Element {
  const mounted = useMounted();

  const saveSettings = (next: StoredSettings, what = "rule defaults"): void => {
    const previous = settings;
    onSettingsChange(next);
    void pane.lock(async () => {
      const saved = await pane.attempt(`Could not save the ${what}`, NEXT.save, () =>
        finished(() => actions.saveSettings(next))
      );
      if (!mounted.current) return;
      if (saved)
        pane.announce(`${what.charAt(0).toUpperCase()}${what.slice(1)} saved in the workbook.`);
      else onSettingsChange(previous);
    });
  };

  const createRulesSheet = (): void => {
    const codes = analysis ? allCodes(analysis) : [];
    void pane.lock(async () => {
      const created = await pane.attempt("Could not create the Rules sheet", NEXT.sheet, () =>
        finished(() => actions.createRulesSheet(codes))
      );
      if (!created) return;
      pane.announce(
        `Rules sheet created with ${plural(codes.length, "indicator code")}. Fill in the rules that differ from the default, then choose Rate.`
      );
      await pane.reanalyse();
    });
  };

  const learnRules = (): Promise<LearnedRules | undefined> =>
    pane.lock(() =>
      pane.attempt("Could not learn the rules", NEXT.learn, () => actions.learnRules())
    );

  const writeLearnedRules = (learned: LearnedRules): Promise<WrittenRules | undefined> =>
    pane.lock(async () => {
      const written = await pane.attempt("Could not write the Rules sheet", NEXT.writeRules, () =>
        actions.writeLearnedRules(learned)
      );
      if (!written) return undefined;
      // The message stays beside the proposal it replaces; the live region says it too.
      pane.say(writtenSummary(written));
      await pane.reanalyse();
      return written;
    });

  return (
    <PanelSection title="Rules">
      <RuleDefaults
        settings={settings}
        disabled={activity === "rating"}
        busy={activity !== "idle"}
        onSave={saveSettings}
        onCreateRulesSheet={createRulesSheet}
      />
      <OutputColumns
        settings={settings}
        disabled={activity === "rating"}
        onSave={(next) => saveSettings(next, "extra columns")}
      />
      <LearnRules
        disabled={activity !== "idle"}
        onLearn={learnRules}
        onWrite={writeLearnedRules}
        onSelectCell={pane.selectCell}
        onAnnounce={pane.say}
      />
    </PanelSection>
  );
}
