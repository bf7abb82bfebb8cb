package org.imle4j.samples.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A results table printed with aligned columns. */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * An empty table.
     *
     * @param header the columns' titles, which fix the number of cells of every row
     */
    public Table(String... header) {
        this.header = List.of(header);
    }

    /**
     * Adds a row; numbers are formatted by the caller.
     *
     * @param cells one value per column, printed with {@link String#valueOf(Object)}
     * @return this table
     * @throws IllegalArgumentException if there are not as many cells as columns
     */
    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /**
     * Prints the header, a rule and the rows, each column as wide as its widest cell: the first column aligned left,
     * the others right.
     *
     * @param out where to print
     */
    public void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        out.println(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(c == 0 ? pad(cell, widths[c]) : padLeft(cell, widths[c])).append("  ");
        }
        return line.toString().stripTrailing();
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(width - cell.length());
    }

    private static String padLeft(String cell, int width) {
        return " ".repeat(width - cell.length()) + cell;
    }
}
