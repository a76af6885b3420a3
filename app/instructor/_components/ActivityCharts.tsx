"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Submissions and first passes per day. */
export function ActivityCharts({ activity }: { activity: { day: string; submissions: number; passes: number }[] }) {
  if (!activity.length) return <p className="muted">No submissions yet.</p>;
  return (
    <div className="ix-chart" data-testid="activity-chart" data-days={activity.length}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={activity} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis
            dataKey="day"
            tick={{ fontSize: 12, fill: "var(--muted)" }}
            tickFormatter={(d: string) => d.slice(5)}
          />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "var(--muted)" }} />
          <Tooltip contentStyle={{ background: "var(--surface)", border: "1px solid var(--border)" }} />
          <Legend />
          <Bar
            dataKey="submissions"
            name="Submissions"
            fill="var(--accent)"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Line
            dataKey="passes"
            name="Exercises passed"
            stroke="var(--ok)"
            strokeWidth={2}
            dot={false}
            type="monotone"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
