import * as React from "react";
import {
  Button,
  Caption1,
  Field,
  Radio,
  RadioGroup,
  SpinButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { RulePreset } from "../../workbook/settings";
import type { StoredSettings } from "../../workbook/state";

export const PRESET_LABEL: Readonly<Record<RulePreset, string>> = {
  "relative-5": "Relative tolerance 5%",
  floor: "Floor standard",
  range: "Target range",
  custom: "Custom tolerance",
};

const PRESET_HINT: Readonly<Record<RulePreset, string>> = {
  "relative-5":
    "Green: target met (equal counts as met). Amber: short of target by up to 5% of the target. Red: further short.",
  floor:
    "Green: target met. Amber: floor standard met but not the target. Red: below the floor. Floors come from a Floor column or the Rules sheet; rows without one use a 5% tolerance.",
  range:
    "Green: inside the target range (Lower and Upper columns, the Rules sheet, or a range in the commentary). Amber: just outside, within 5% of the nearest limit. Red: further out.",
  custom:
    "As the relative tolerance, with your own percentage: Amber when short of target by up to this % of the target.",
};

const PRESETS: readonly RulePreset[] = ["relative-5", "floor", "range", "custom"];
const DEFAULT_CUSTOM = 5;

/** The custom tolerance (in %) a saved setting holds, if it is a plain relative percentage. */
export function percentFromTolerance(tolerance: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(tolerance ?? "");
  return match ? Number(match[1]) : undefined;
}

/**
 * The settings to save for a preset: the other saved settings kept, the
 * tolerance set for the relative presets and removed (so the 5% default applies
 * to rows without a floor or range) for the others.
 */
export function settingsForPreset(
  current: StoredSettings,
  preset: RulePreset,
  customPercent: number
): StoredSettings {
  const { tolerance: _old, ...rest } = current;
  if (preset === "relative-5") return { ...rest, preset, tolerance: "5%" };
  if (preset === "custom") return { ...rest, preset, tolerance: `${customPercent}%` };
  return { ...rest, preset };
}

const useStyles = makeStyles({
  stack: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  spin: { maxWidth: "10rem" },
});

export interface RuleDefaultsProps {
  readonly settings: StoredSettings;
  /** While rating: the rule cannot change. */
  readonly disabled?: boolean;
  /** While another action runs: Create Rules sheet waits. */
  readonly busy?: boolean;
  readonly onSave: (settings: StoredSettings) => void;
  readonly onCreateRulesSheet: () => void;
}

/** The rule preset (saved in the workbook at once) and the "Create Rules sheet" button. */
export function RuleDefaults({
  settings,
  disabled,
  busy,
  onSave,
  onCreateRulesSheet,
}: RuleDefaultsProps): React.JSX.Element {
  const styles = useStyles();
  const preset: RulePreset = settings.preset ?? "relative-5";
  const savedPercent =
    preset === "custom" ? (percentFromTolerance(settings.tolerance) ?? DEFAULT_CUSTOM) : undefined;
  const [percent, setPercent] = React.useState<number>(savedPercent ?? DEFAULT_CUSTOM);
  const [percentError, setPercentError] = React.useState<string | undefined>();
  React.useEffect(() => {
    if (savedPercent !== undefined) setPercent(savedPercent);
  }, [savedPercent]);

  const rulesHintId = React.useId();

  return (
    <div className={styles.stack}>
      <Field label="Default rule" hint={PRESET_HINT[preset]}>
        <RadioGroup
          value={preset}
          disabled={disabled}
          onChange={(_, data) =>
            onSave(settingsForPreset(settings, data.value as RulePreset, percent))
          }
        >
          {PRESETS.map((p) => (
            <Radio key={p} value={p} label={PRESET_LABEL[p]} />
          ))}
        </RadioGroup>
      </Field>
      {preset === "custom" && (
        <Field
          label="Custom tolerance (% of target)"
          validationMessage={percentError}
          validationState={percentError ? "error" : "none"}
        >
          <SpinButton
            className={styles.spin}
            value={percent}
            min={0}
            max={100}
            step={0.5}
            disabled={disabled}
            onChange={(_, data) => {
              const next =
                data.value ?? (data.displayValue !== undefined ? Number(data.displayValue) : NaN);
              if (next === null || !Number.isFinite(next) || next < 0 || next > 100) {
                setPercentError("Enter a percentage from 0 to 100, such as 5 or 7.5.");
                return;
              }
              setPercentError(undefined);
              setPercent(next);
              onSave(settingsForPreset(settings, "custom", next));
            }}
          />
        </Field>
      )}
      <div>
        <Button
          disabledFocusable={disabled || busy}
          aria-describedby={rulesHintId}
          onClick={onCreateRulesSheet}
        >
          Create Rules sheet
        </Button>
        <Caption1 block id={rulesHintId}>
          Adds a sheet named Rules with one row per indicator code. Fill in a polarity, target,
          floor, lower and upper limits, tolerance, Amber (yes/no) or Rated (yes/no) for any
          indicator whose rule differs from the default. A rule there overrides the default above; a
          value in the scorecard&apos;s own columns overrides both.
        </Caption1>
      </div>
    </div>
  );
}
