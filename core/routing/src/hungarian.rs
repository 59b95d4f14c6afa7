//! Minimum-cost assignment (Hungarian method with row/column potentials, O(n^2 m)).

/// Assigns each row of a `rows x cols` cost matrix (row-major, `rows <= cols`) to a distinct
/// column, minimizing the total cost. Returns the column per row.
pub fn min_cost_assignment(cost: &[i64], rows: usize, cols: usize) -> Option<Vec<usize>> {
    if rows > cols || cost.len() != rows * cols {
        return None;
    }
    if rows == 0 {
        return Some(Vec::new());
    }
    const BIG: i64 = i64::MAX / 4;
    // 1-based potentials; owner[j] = row (1-based) holding column j, 0 = free.
    let mut row_pot = vec![0i64; rows + 1];
    let mut col_pot = vec![0i64; cols + 1];
    let mut owner = vec![0usize; cols + 1];
    let mut back = vec![0usize; cols + 1];
    for i in 1..=rows {
        owner[0] = i;
        let mut j0 = 0usize;
        let mut slack = vec![BIG; cols + 1];
        let mut done = vec![false; cols + 1];
        loop {
            done[j0] = true;
            let i0 = owner[j0];
            let mut delta = BIG;
            let mut j1 = 0usize;
            for j in 1..=cols {
                if done[j] {
                    continue;
                }
                let reduced = cost[(i0 - 1) * cols + (j - 1)] - row_pot[i0] - col_pot[j];
                if reduced < slack[j] {
                    slack[j] = reduced;
                    back[j] = j0;
                }
                if slack[j] < delta {
                    delta = slack[j];
                    j1 = j;
                }
            }
            for j in 0..=cols {
                if done[j] {
                    row_pot[owner[j]] += delta;
                    col_pot[j] -= delta;
                } else {
                    slack[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        // Augment along the alternating path.
        loop {
            let j1 = back[j0];
            owner[j0] = owner[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![usize::MAX; rows];
    for j in 1..=cols {
        if owner[j] != 0 {
            out[owner[j] - 1] = j - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(cost: &[i64], rows: usize, cols: usize) -> i64 {
        fn go(r: usize, used: &mut Vec<bool>, cost: &[i64], rows: usize, cols: usize) -> i64 {
            if r == rows {
                return 0;
            }
            let mut best = i64::MAX;
            for c in 0..cols {
                if !used[c] {
                    used[c] = true;
                    best = best.min(cost[r * cols + c] + go(r + 1, used, cost, rows, cols));
                    used[c] = false;
                }
            }
            best
        }
        go(0, &mut vec![false; cols], cost, rows, cols)
    }

    #[test]
    fn equals_brute_force_on_random_matrices() {
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        for rows in 1..=5 {
            for cols in rows..=6 {
                for _ in 0..30 {
                    let cost: Vec<i64> = (0..rows * cols)
                        .map(|_| {
                            s ^= s << 13;
                            s ^= s >> 7;
                            s ^= s << 17;
                            (s % 1000) as i64
                        })
                        .collect();
                    let a = min_cost_assignment(&cost, rows, cols).unwrap();
                    let mut cols_used = a.clone();
                    cols_used.sort();
                    cols_used.dedup();
                    assert_eq!(cols_used.len(), rows);
                    let total: i64 = a.iter().enumerate().map(|(r, &c)| cost[r * cols + c]).sum();
                    assert_eq!(total, brute(&cost, rows, cols));
                }
            }
        }
    }

    #[test]
    fn rejects_more_rows_than_columns() {
        assert_eq!(min_cost_assignment(&[1, 2], 2, 1), None);
    }
}
