import { solve, type Constraint } from 'yalps';

/**
 * A 0-1 program as the matching builds it: maximise Σ objective·x subject to row bounds. Variables
 * marked `binary` are 0 or 1; the others are continuous in [0, 1] (the coverage-gap slacks, which
 * come out 0 or 1 on their own once the binaries are whole).
 */
export interface ZeroOneProgram {
  variables: ProgramVariable[];
  rows: Map<string, Constraint>;
}

export interface ProgramVariable {
  key: string;
  objective: number;
  binary: boolean;
  /** Coefficient per row key. */
  rows: Map<string, number>;
}

export type SolverStatus = 'optimal' | 'timedout' | 'infeasible' | 'failed';

export interface SolverOutcome {
  /** `timedout` with `values` set: the best answer found in time, not proven optimal. */
  status: SolverStatus;
  objective: number;
  /** Variables whose value is not zero. */
  values: Map<string, number>;
}

/** The one seam to the MIP solver: YALPS today; HiGHS could stand behind it tomorrow. */
export interface MatchSolver {
  solve(program: ZeroOneProgram, timeLimitMs: number): SolverOutcome;
}

/** YALPS (MIT, pure JS): dense simplex with branch and cut; `timeout` bounds the branch and cut. */
export class YalpsMatchSolver implements MatchSolver {
  solve(program: ZeroOneProgram, timeLimitMs: number): SolverOutcome {
    const OBJECTIVE = '#objective';
    const variables = program.variables.map((v): [string, Map<string, number>] => {
      const coefficients = new Map(v.rows);
      coefficients.set(OBJECTIVE, v.objective);
      // Continuous slacks are bounded above by a row of their own.
      if (!v.binary) coefficients.set(`#ub:${v.key}`, 1);
      return [v.key, coefficients];
    });
    const rows = new Map(program.rows);
    for (const v of program.variables) if (!v.binary) rows.set(`#ub:${v.key}`, { max: 1 });
    const solution = solve(
      {
        direction: 'maximize',
        objective: OBJECTIVE,
        constraints: rows,
        variables,
        binaries: new Set(program.variables.filter((v) => v.binary).map((v) => v.key)),
      },
      { timeout: timeLimitMs, maxIterations: 1_000_000, maxPivots: 1_000_000 },
    );
    const values = new Map(solution.variables.filter(([, value]) => Math.abs(value) > 1e-6));
    if (solution.status === 'optimal') return { status: 'optimal', objective: solution.result, values };
    if (solution.status === 'infeasible') return { status: 'infeasible', objective: NaN, values: new Map() };
    if (solution.status === 'timedout' && Number.isFinite(solution.result)) {
      return { status: 'timedout', objective: solution.result, values };
    }
    return { status: solution.status === 'timedout' ? 'timedout' : 'failed', objective: NaN, values: new Map() };
  }
}
