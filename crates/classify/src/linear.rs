//! Multinomial logistic regression, trained by L-BFGS: deterministic (no randomness,
//! one thread, a fixed order of every sum), so the same data gives the same weights to
//! the bit.
//!
//! Minimises `Σ_i s_i · CE(softmax(W·x_i + b), y_i) / Σ_i s_i + λ/2 · |W|²`, with
//! per-example weights `s_i` (the caller balances the labels with them) and the bias
//! left unregularised.

/// A sparse example: sorted (feature, value) pairs.
pub(crate) type Sparse = Vec<(u32, f32)>;

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    /// L2 strength λ.
    pub(crate) l2: f64,
    /// Most L-BFGS iterations.
    pub(crate) max_iter: usize,
}

/// Learned weights: `weights[f * labels + k]`, `bias[k]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    pub(crate) labels: usize,
    pub(crate) weights: Vec<f32>,
    pub(crate) bias: Vec<f32>,
}

#[cfg(test)]
impl Weights {
    /// Raw scores (logits) of an example (a model reads them from its file's bytes,
    /// `crate::arrays`).
    pub(crate) fn logits(&self, x: &[(u32, f32)]) -> Vec<f32> {
        let k = self.labels;
        let mut z = self.bias.clone();
        for &(f, v) in x {
            let row = &self.weights[f as usize * k..(f as usize + 1) * k];
            for (zj, w) in z.iter_mut().zip(row) {
                *zj += v * w;
            }
        }
        z
    }
}

/// Softmax in place, stable.
pub(crate) fn softmax(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

/// Entry `y` of [`softmax`]`(z)`, with the same arithmetic, for a caller that needs
/// only that one (a log-loss over many candidate calibrations).
pub(crate) fn softmax_at(z: &[f64], y: usize) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z {
        sum += (v - max).exp();
    }
    (z[y] - max).exp() / sum
}

/// The training problem, stored feature by feature (compressed columns) as well as
/// example by example: the gradient of a row of weights then gathers its examples in
/// one pass over that row, instead of every example scattering into rows spread over
/// the whole weight vector. Profiled on the development set (56k features × 11 labels,
/// 2M non-zeros), the example-major loop spent 60 % of its time waiting on the loads
/// of scattered weight and gradient rows.
///
/// Every sum keeps the order it has example by example: a logit adds its example's
/// features in ascending order (the examples' features are sorted and the columns are
/// visited in ascending order), and a gradient entry adds its examples in file order.
/// So the layout changes no bit of the result.
struct Problem<'a> {
    ys: &'a [usize],
    /// Each example's weight over the sum of the weights, `s_i / Σ s`.
    share: Vec<f64>,
    /// Column `f` is `rows[starts[f]..starts[f + 1]]` with `values` alike; rows ascend.
    starts: Vec<usize>,
    rows: Vec<u32>,
    values: Vec<f64>,
    features: usize,
    labels: usize,
    l2: f64,
    /// Scratch: logits, then softmax minus the one-hot label, example-major.
    z: Vec<f64>,
}

impl<'a> Problem<'a> {
    fn new(
        xs: &[Sparse],
        ys: &'a [usize],
        ws: &[f64],
        features: usize,
        labels: usize,
        l2: f64,
    ) -> Self {
        let total: f64 = ws.iter().sum();
        let share = ws.iter().map(|s| s / total).collect();
        let mut starts = vec![0usize; features + 1];
        for x in xs {
            for &(f, _) in x {
                starts[f as usize + 1] += 1;
            }
        }
        for f in 0..features {
            starts[f + 1] += starts[f];
        }
        let nnz = starts[features];
        let (mut rows, mut values) = (vec![0u32; nnz], vec![0.0f64; nnz]);
        let mut next = starts.clone();
        for (i, x) in xs.iter().enumerate() {
            for &(f, v) in x {
                let at = &mut next[f as usize];
                rows[*at] = i as u32;
                values[*at] = f64::from(v);
                *at += 1;
            }
        }
        let z = vec![0.0; xs.len() * labels];
        Problem { ys, share, starts, rows, values, features, labels, l2, z }
    }

    /// Loss and gradient at `theta` (weights then biases).
    fn eval(&mut self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let k = self.labels;
        let nw = self.features * k;
        let bias = &theta[nw..nw + k];
        for zi in self.z.chunks_exact_mut(k) {
            zi.copy_from_slice(bias);
        }
        for f in 0..self.features {
            let row = row_of(theta, f, k);
            let (a, b) = (self.starts[f], self.starts[f + 1]);
            for (&i, &v) in self.rows[a..b].iter().zip(&self.values[a..b]) {
                let zi = &mut self.z[i as usize * k..(i as usize + 1) * k];
                for (zj, w) in zi.iter_mut().zip(row) {
                    *zj += v * w;
                }
            }
        }
        let mut loss = 0.0;
        let (gw, gb) = grad.split_at_mut(nw);
        gb.iter_mut().for_each(|g| *g = 0.0);
        for ((zi, &y), &s) in self.z.chunks_exact_mut(k).zip(self.ys).zip(&self.share) {
            softmax(zi);
            loss -= s * zi[y].max(1e-300).ln();
            zi[y] -= 1.0;
            for (gj, dz) in gb.iter_mut().zip(zi.iter()) {
                *gj += s * dz;
            }
        }
        for f in 0..self.features {
            let g = &mut gw[f * k..(f + 1) * k];
            g.iter_mut().for_each(|g| *g = 0.0);
            let (a, b) = (self.starts[f], self.starts[f + 1]);
            for (&i, &v) in self.rows[a..b].iter().zip(&self.values[a..b]) {
                let sv = self.share[i as usize] * v;
                let dz = &self.z[i as usize * k..(i as usize + 1) * k];
                for (gj, d) in g.iter_mut().zip(dz) {
                    *gj += sv * d;
                }
            }
            for (gj, w) in g.iter_mut().zip(row_of(theta, f, k)) {
                *gj += self.l2 * w;
            }
        }
        loss + 0.5 * self.l2 * theta[..nw].iter().map(|w| w * w).sum::<f64>()
    }
}

/// Feature `f`'s weights, one per label.
fn row_of(theta: &[f64], f: usize, k: usize) -> &[f64] {
    &theta[f * k..(f + 1) * k]
}

/// One L-BFGS step `s` and gradient change `y`.
struct Pair {
    s: Vec<f64>,
    y: Vec<f64>,
    /// `1 / (s·y)`.
    rho: f64,
    /// `(s·y) / (y·y)`: the initial Hessian scale when this pair is the latest.
    gamma: f64,
}

impl Pair {
    fn new(n: usize) -> Self {
        Pair { s: vec![0.0; n], y: vec![0.0; n], rho: 0.0, gamma: 0.0 }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Trains on examples whose features are already in `0..features`.
pub(crate) fn train(
    xs: &[Sparse],
    ys: &[usize],
    ws: &[f64],
    features: usize,
    labels: usize,
    settings: Settings,
) -> Weights {
    let mut p = Problem::new(xs, ys, ws, features, labels, settings.l2);
    let n = features * labels + labels;
    let mut theta = vec![0.0f64; n];
    let mut grad = vec![0.0f64; n];
    let mut loss = p.eval(&theta, &mut grad);
    const M: usize = 8;
    // The last `M` steps, oldest first, with `1 / (s·y)` and `(s·y) / (y·y)` of each
    // (computed once, when the pair is made, not again in every iteration).
    let mut hist: Vec<Pair> = Vec::with_capacity(M);
    let mut spare: Option<Pair> = None;
    let mut new_theta = vec![0.0f64; n];
    let mut new_grad = vec![0.0f64; n];
    let mut q = vec![0.0f64; n];
    let mut alphas = [0.0; M];
    for _ in 0..settings.max_iter {
        // Two-loop recursion: direction = −H·grad. Each update of `q` and the dot
        // product the next step needs share one pass; every sum still runs in index
        // order, so the direction is the one the plain two-loop recursion gives.
        q.copy_from_slice(&grad);
        let m = hist.len();
        if let Some(last) = hist.last() {
            alphas[m - 1] = last.rho * dot(&last.s, &q);
        }
        for i in (0..m).rev() {
            let (a, y) = (alphas[i], &hist[i].y);
            if i == 0 {
                q.iter_mut().zip(y).for_each(|(qj, yj)| *qj -= a * yj);
            } else {
                let next = &hist[i - 1].s;
                let mut acc = -0.0;
                for ((qj, yj), sj) in q.iter_mut().zip(y).zip(next) {
                    *qj -= a * yj;
                    acc += sj * *qj;
                }
                alphas[i - 1] = hist[i - 1].rho * acc;
            }
        }
        let gamma = match hist.last() {
            Some(last) => last.gamma,
            None => 1.0 / dot(&grad, &grad).sqrt().max(1e-12),
        };
        let mut acc = -0.0;
        for (i, qj) in q.iter_mut().enumerate() {
            *qj *= gamma;
            if let Some(first) = hist.first() {
                acc += first.y[i] * *qj;
            }
        }
        for i in 0..m {
            let beta = hist[i].rho * acc;
            let c = alphas[i] - beta;
            let s = &hist[i].s;
            acc = -0.0;
            match hist.get(i + 1) {
                Some(next) => {
                    for ((qj, sj), yj) in q.iter_mut().zip(s).zip(&next.y) {
                        *qj += c * sj;
                        acc += yj * *qj;
                    }
                }
                None => q.iter_mut().zip(s).for_each(|(qj, sj)| *qj += c * sj),
            }
        }
        // `q` becomes the direction −q.
        let mut slope = -0.0;
        for (qj, g) in q.iter_mut().zip(&grad) {
            *qj = -*qj;
            slope += g * *qj;
        }
        let dir = &q;
        if slope >= 0.0 {
            break;
        }
        // Backtracking line search (Armijo).
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            for ((nt, t), d) in new_theta.iter_mut().zip(&theta).zip(dir) {
                *nt = t + step * d;
            }
            let l = p.eval(&new_theta, &mut new_grad);
            if l <= loss + 1e-4 * step * slope {
                accepted = Some(l);
                break;
            }
            step *= 0.5;
        }
        let Some(new_loss) = accepted else { break };
        let mut pair = spare.take().unwrap_or_else(|| Pair::new(n));
        let (mut sy, mut yy) = (-0.0, -0.0);
        for ((((sj, yj), nt), t), (ng, g)) in pair
            .s
            .iter_mut()
            .zip(&mut pair.y)
            .zip(&new_theta)
            .zip(&theta)
            .zip(new_grad.iter().zip(&grad))
        {
            *sj = nt - t;
            *yj = ng - g;
            sy += *sj * *yj;
            yy += *yj * *yj;
        }
        if sy > 1e-12 {
            pair.rho = 1.0 / sy;
            pair.gamma = sy / yy;
            if hist.len() == M {
                spare = Some(hist.remove(0));
            }
            hist.push(pair);
        } else {
            spare = Some(pair);
        }
        std::mem::swap(&mut theta, &mut new_theta);
        std::mem::swap(&mut grad, &mut new_grad);
        let improvement = (loss - new_loss) / loss.abs().max(1e-12);
        loss = new_loss;
        if improvement < 1e-7 {
            break;
        }
    }
    let nw = features * labels;
    Weights {
        labels,
        weights: theta[..nw].iter().map(|&v| v as f32).collect(),
        bias: theta[nw..].iter().map(|&v| v as f32).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_two_labels() {
        let xs = vec![vec![(0, 1.0)], vec![(0, 1.0), (2, 0.5)], vec![(1, 1.0)], vec![(1, 1.0)]];
        let ys = vec![0, 0, 1, 1];
        let w = train(&xs, &ys, &[1.0; 4], 3, 2, Settings { l2: 1e-3, max_iter: 100 });
        let z = w.logits(&[(0, 1.0)]);
        assert!(z[0] > z[1] + 1.0, "{z:?}");
        let z = w.logits(&[(1, 1.0)]);
        assert!(z[1] > z[0] + 1.0, "{z:?}");
        // Same data, same bits.
        assert_eq!(w, train(&xs, &ys, &[1.0; 4], 3, 2, Settings { l2: 1e-3, max_iter: 100 }));
    }
}
