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

struct Problem<'a> {
    xs: &'a [Sparse],
    ys: &'a [usize],
    ws: &'a [f64],
    features: usize,
    labels: usize,
    l2: f64,
}

impl Problem<'_> {
    /// Loss and gradient at `theta` (weights then biases).
    fn eval(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let k = self.labels;
        let nw = self.features * k;
        grad.iter_mut().for_each(|g| *g = 0.0);
        let total: f64 = self.ws.iter().sum();
        let mut loss = 0.0;
        let mut z = vec![0.0f64; k];
        for ((x, &y), &s) in self.xs.iter().zip(self.ys).zip(self.ws) {
            z.copy_from_slice(&theta[nw..nw + k]);
            for &(f, v) in x {
                let row = &theta[f as usize * k..(f as usize + 1) * k];
                for (zj, w) in z.iter_mut().zip(row) {
                    *zj += f64::from(v) * w;
                }
            }
            softmax(&mut z);
            let s = s / total;
            loss -= s * z[y].max(1e-300).ln();
            z[y] -= 1.0;
            for &(f, v) in x {
                let g = &mut grad[f as usize * k..(f as usize + 1) * k];
                for (gj, dz) in g.iter_mut().zip(&z) {
                    *gj += s * f64::from(v) * dz;
                }
            }
            for (gj, dz) in grad[nw..].iter_mut().zip(&z) {
                *gj += s * dz;
            }
        }
        for (g, w) in grad[..nw].iter_mut().zip(&theta[..nw]) {
            *g += self.l2 * w;
        }
        loss + 0.5 * self.l2 * theta[..nw].iter().map(|w| w * w).sum::<f64>()
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
    let p = Problem { xs, ys, ws, features, labels, l2: settings.l2 };
    let n = features * labels + labels;
    let mut theta = vec![0.0f64; n];
    let mut grad = vec![0.0f64; n];
    let mut loss = p.eval(&theta, &mut grad);
    const M: usize = 8;
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut new_theta = vec![0.0f64; n];
    let mut new_grad = vec![0.0f64; n];
    for _ in 0..settings.max_iter {
        // Two-loop recursion: direction = −H·grad.
        let mut q = grad.clone();
        let mut alphas = vec![0.0; s_hist.len()];
        for i in (0..s_hist.len()).rev() {
            let rho = 1.0 / dot(&y_hist[i], &s_hist[i]);
            alphas[i] = rho * dot(&s_hist[i], &q);
            for (qj, yj) in q.iter_mut().zip(&y_hist[i]) {
                *qj -= alphas[i] * yj;
            }
        }
        let gamma = match (s_hist.last(), y_hist.last()) {
            (Some(s), Some(y)) => dot(s, y) / dot(y, y),
            _ => 1.0 / dot(&grad, &grad).sqrt().max(1e-12),
        };
        q.iter_mut().for_each(|v| *v *= gamma);
        for i in 0..s_hist.len() {
            let rho = 1.0 / dot(&y_hist[i], &s_hist[i]);
            let beta = rho * dot(&y_hist[i], &q);
            for (qj, sj) in q.iter_mut().zip(&s_hist[i]) {
                *qj += (alphas[i] - beta) * sj;
            }
        }
        let dir: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&grad, &dir);
        if slope >= 0.0 {
            break;
        }
        // Backtracking line search (Armijo).
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..30 {
            for ((nt, t), d) in new_theta.iter_mut().zip(&theta).zip(&dir) {
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
        let s: Vec<f64> = new_theta.iter().zip(&theta).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = new_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
        if dot(&s, &y) > 1e-12 {
            if s_hist.len() == M {
                s_hist.remove(0);
                y_hist.remove(0);
            }
            s_hist.push(s);
            y_hist.push(y);
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
