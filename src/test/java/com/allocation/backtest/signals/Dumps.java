package com.allocation.backtest.signals;

import com.allocation.backtest.config.ColumnMapping;
import com.allocation.backtest.config.TableMapping;
import com.allocation.backtest.signals.fixtures.ColumnBuffer;
import com.allocation.backtest.signals.fixtures.SignalSeeder;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StructType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Sorted, typed dumps of a table on both sides, so content equality is exact (doubles bit for bit). */
final class Dumps {
    private Dumps() {
    }

    static List<String> postgres(DataSource dataSource, TableMapping table) throws SQLException {
        String columns = table.columns().stream().map(ColumnMapping::postgresColumn).collect(Collectors.joining(", "));
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + columns + " FROM " + table.postgresTable())) {
            int count = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int c = 1; c <= count; c++) {
                    Object value = rs.getObject(c);
                    values.add(value instanceof Date date ? date.toLocalDate().toString() : String.valueOf(value));
                }
                rows.add(String.join("|", values));
            }
        }
        rows.sort(null);
        return rows;
    }

    static List<String> delta(SignalSeeder seeder, TableMapping table, List<String> partitions) {
        List<String> rows = new ArrayList<>();
        for (String partition : partitions) {
            ColumnBuffer buffer = seeder.readPartition(table, partition);
            StructType schema = buffer.schema();
            for (int r = 0; r < buffer.size(); r++) {
                List<String> values = new ArrayList<>();
                for (ColumnMapping column : table.columns()) {
                    int c = schema.indexOf(column.deltaColumn());
                    Object value = buffer.get(c, r);
                    values.add(value != null && schema.at(c).getDataType() instanceof DateType
                        ? LocalDate.ofEpochDay((Integer) value).toString() : String.valueOf(value));
                }
                rows.add(String.join("|", values));
            }
        }
        rows.sort(null);
        return rows;
    }
}
