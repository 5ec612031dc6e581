import type { ReportContext } from '../report-view.js';

/** What the HTML report shows beyond the markdown renderers' context. */
export interface HtmlReportContext extends ReportContext {
  trivyVersion?: string;
  /** When the vulnerability DB was built (ISO time), when known. */
  dbUpdatedAt?: string;
  /** This action's version. */
  gateVersion?: string;
}
