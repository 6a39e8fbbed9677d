/** Names shared by the report writer and the UI that reads the report. */

/** Id of the `<script type="application/json">` block holding the timeline in a report. */
export const REPORT_DATA_ID = 'lockstep-timeline';
/** The built UI inside the package's media/ folder. */
export const REPORT_SCRIPT = 'timeline.js';
export const REPORT_STYLE = 'timeline.css';
