package org.ascore.report;

import java.util.Locale;

/** Number formats of the report; null (an undefined value) prints as an en dash. */
final class NumberText {
    private NumberText() {
    }

    static String fixed(Double v, int decimals) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Three significant digits, scientific only where needed (p-values span many decades). */
    static String sig(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.3g", v);
    }
}
