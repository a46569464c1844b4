import * as React from "react";

/**
 * A ref that is true while the component is mounted: an action that finishes
 * after the pane (or the panel) has gone must not set its state.
 */
export function useMounted(): React.RefObject<boolean> {
  const mounted = React.useRef(true);
  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
