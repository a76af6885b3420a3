/**
 * The one definition of an exercise's grade (issue 27): the automatic score plus the manual points
 * (the rubric items staff applied), bounded by 0 and the exercise's points. The gradebook, the
 * student's breakdown and LTI grade passback all call this, so they never disagree.
 */
export interface GradeParts {
  /** The grader's (credited) score, in the exercise's points. */
  automatic: number;
  /** The sum of the applied rubric items' points (negative ones deduct). */
  manual: number;
  /** The exercise's points: the grade's upper bound. */
  maxPoints: number;
}

export interface GradeBreakdown extends GradeParts {
  final: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function finalGrade({ automatic, manual, maxPoints }: GradeParts): number {
  return round(Math.min(Math.max(automatic + manual, 0), Math.max(maxPoints, 0)));
}

export function gradeBreakdown(parts: GradeParts): GradeBreakdown {
  return {
    automatic: round(parts.automatic),
    manual: round(parts.manual),
    maxPoints: parts.maxPoints,
    final: finalGrade(parts),
  };
}
