package org.ascore.report;

/** HTML escaping for every string that comes from data or users: labels, paths, run ids, errors. */
public final class Html {
    private Html() {
    }

    /**
     * Escapes text for element content and for quoted attribute values alike. Control characters
     * other than tab and newline are dropped: they are invalid in HTML and only come from broken data.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n') {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
