package dev.weft.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The suite's data files: figures as CSV (RFC 4180 quoting), the environment as key,value CSV. */
public final class Csv {
    private Csv() {}

    static final String HEADER = "section,metric,subject,param,value,error,unit,note";

    /** The figures as CSV text, a header first. */
    public static String figures(List<Figure> figures) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Figure f : figures) {
            sb.append(String.join(",", quote(f.section()), quote(f.metric()), quote(f.subject()), quote(f.param()),
                    number(f.value()), number(f.error()), quote(f.unit()), quote(f.note()))).append('\n');
        }
        return sb.toString();
    }

    /** Reads figures written by {@link #figures}. */
    public static List<Figure> parseFigures(String csv) {
        List<Figure> out = new ArrayList<>();
        List<List<String>> rows = rows(csv);
        for (int i = 1; i < rows.size(); i++) { // row 0 is the header
            List<String> r = rows.get(i);
            if (r.size() < 8) {
                continue;
            }
            out.add(new Figure(r.get(0), r.get(1), r.get(2), r.get(3), parse(r.get(4)), parse(r.get(5)), r.get(6),
                    r.get(7)));
        }
        return out;
    }

    /** The environment (ordered key, value pairs) as CSV. */
    public static String environment(Map<String, String> env) {
        StringBuilder sb = new StringBuilder("key,value\n");
        env.forEach((k, v) -> sb.append(quote(k)).append(',').append(quote(v)).append('\n'));
        return sb.toString();
    }

    /** Reads an environment written by {@link #environment}. */
    public static Map<String, String> parseEnvironment(String csv) {
        Map<String, String> env = new LinkedHashMap<>();
        List<List<String>> rows = rows(csv);
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).size() >= 2) {
                env.put(rows.get(i).get(0), rows.get(i).get(1));
            }
        }
        return env;
    }

    static List<Figure> readFigures(Path p) throws IOException {
        return parseFigures(Files.readString(p, StandardCharsets.UTF_8));
    }

    static Map<String, String> readEnvironment(Path p) throws IOException {
        return parseEnvironment(Files.readString(p, StandardCharsets.UTF_8));
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "";
        }
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1");
    }

    static double parse(String s) {
        return s.isBlank() ? Double.NaN : Double.parseDouble(s.strip());
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> rows(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (c != '\r') {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /** "key=value key=value" (a RESULT line's tail) as a map; a value runs to the next space. */
    public static Map<String, String> keyValues(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String tok : line.strip().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) {
                m.put(tok.substring(0, eq), tok.substring(eq + 1));
            }
        }
        return m;
    }
}
