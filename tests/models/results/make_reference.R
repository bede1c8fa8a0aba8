# Reference values for tests/models/test_reference_r.py, computed by R on the frozen frames beside this script.
# Regenerate (needs r-base-core, r-cran-sandwich, r-cran-survival, r-cran-mass, r-cran-brglm2):
#   Rscript tests/models/results/make_reference.R
# Writes reference.csv (model, cov, term, coef, se), fits.csv (model, n, llf, n_clusters) and checks.csv.
suppressPackageStartupMessages({
  library(sandwich)
  library(survival)
  library(MASS)
  library(brglm2)
})

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(script)) dirname(normalizePath(script)) else "."
fmt <- function(x) sprintf("%.17g", x)

interventions <- read.csv(file.path(here, "interventions.csv"), stringsAsFactors = FALSE)
joining <- read.csv(file.path(here, "joining.csv"), stringsAsFactors = FALSE)

rows <- list()
fits <- list()
checks <- list()
add <- function(model, cov, coef, V) {
  rows[[length(rows) + 1]] <<- data.frame(model = model, cov = cov, term = names(coef), coef = fmt(coef),
                                          se = fmt(sqrt(diag(V))))
}
add_fit <- function(model, n, llf, n_clusters = NA) {
  fits[[length(fits) + 1]] <<- data.frame(model = model, n = n, llf = fmt(llf), n_clusters = n_clusters)
}
complete <- function(d, cols) d[complete.cases(d[, cols]), ]
rename_const <- function(b) { names(b)[names(b) == "(Intercept)"] <- "const"; b }

# Stata's ML factor by hand: G/(G-1) * bread (sum_g s_g s_g') bread, with bread = vcov
stata_ml <- function(fit, cluster) {
  S <- estfun(fit)
  B <- crossprod(rowsum(S, cluster))
  G <- length(unique(cluster))
  G / (G - 1) * vcov(fit) %*% B %*% vcov(fit)
}

# ---- 1. logit, Q1 (interventions): model-based, clustered by intervention (each its own cluster) and region
q1_terms <- c("log_troops", "log_duration", "use_of_force", "regime_objective", "protect_own", "post_cold_war")
q1 <- complete(interventions, c("coalition", q1_terms))
f_q1 <- as.formula(paste("coalition ~", paste(q1_terms, collapse = " + ")))
m <- glm(f_q1, family = binomial, data = q1, control = glm.control(epsilon = 1e-14, maxit = 100))
b <- rename_const(coef(m))
add("logit_q1", "model", b, vcov(m))
add("logit_q1", "cluster_id_hc0", b, vcovCL(m, cluster = ~intervention_id, type = "HC0", cadjust = TRUE))
add("logit_q1", "cluster_region_hc0", b, vcovCL(m, cluster = ~un_region, type = "HC0", cadjust = TRUE))
add("logit_q1", "cluster_region_hc1", b, vcovCL(m, cluster = ~un_region, type = "HC1", cadjust = TRUE))
add_fit("logit_q1", nobs(m), as.numeric(logLik(m)), length(unique(q1$un_region)))
v_cl <- vcovCL(m, cluster = ~un_region, type = "HC0", cadjust = TRUE)
checks[[length(checks) + 1]] <- data.frame(
  check = "max |vcovCL(HC0, cadjust) - G/(G-1) sandwich| / max |V|, logit_q1 by region",
  value = fmt(max(abs(v_cl - stata_ml(m, q1$un_region))) / max(abs(v_cl))))

# ---- 2. logit, Q2 (joining): clustered by intervention; two-way by intervention and state (CGM, multi0 = FALSE)
q2_terms <- c("us_defense_pact", "idealpoint_distance_us", "log_mindist_target", "same_cow_region", "cinc",
              "major_power", "prior_coalitions")
f_q2 <- as.formula(paste("joined ~", paste(q2_terms, collapse = " + ")))
m <- glm(f_q2, family = binomial, data = joining, control = glm.control(epsilon = 1e-14, maxit = 100))
b <- rename_const(coef(m))
add("logit_q2", "model", b, vcov(m))
add("logit_q2", "cluster_id_hc0", b, vcovCL(m, cluster = ~intervention_id, type = "HC0", cadjust = TRUE))
v2 <- vcovCL(m, cluster = ~ intervention_id + ccode, type = "HC0", cadjust = TRUE, multi0 = FALSE)
add("logit_q2", "twoway_hc0", b, v2)
add("logit_q2", "twoway_hc0_fix", b,
    vcovCL(m, cluster = ~ intervention_id + ccode, type = "HC0", cadjust = TRUE, multi0 = FALSE, fix = TRUE))
add("logit_q2", "twoway_hc1", b,
    vcovCL(m, cluster = ~ intervention_id + ccode, type = "HC1", cadjust = TRUE, multi0 = FALSE))
add_fit("logit_q2", nobs(m), as.numeric(logLik(m)), length(unique(joining$intervention_id)))
inter <- paste(joining$intervention_id, joining$ccode)
v_hand <- stata_ml(m, joining$intervention_id) + stata_ml(m, joining$ccode) - stata_ml(m, inter)
checks[[length(checks) + 1]] <- data.frame(
  check = "max |vcovCL(~ a + b, multi0 = FALSE) - (V_a + V_b - V_ab)| / max |V|, logit_q2",
  value = fmt(max(abs(v2 - v_hand)) / max(abs(v2))))
checks[[length(checks) + 1]] <- data.frame(check = "min eigenvalue of the two-way V, logit_q2",
                                           value = fmt(min(eigen(v2, symmetric = TRUE)$values)))

# ---- 3. Firth logit (brglm2, AS_mean = Firth 1993 for the logit), Q1 plus igo_sponsored on interventions from
# 1970 (quasi-separated: every sponsored intervention since 1970 is a coalition). Sandwich at the Firth estimates: glm's estfun (y - p) x, bread
# (X'WX)^{-1} at the estimates.
firth_terms <- c(q1_terms, "igo_sponsored")
fq <- complete(interventions[interventions$start_year >= 1970, ], c("coalition", firth_terms))
f_firth <- as.formula(paste("coalition ~", paste(firth_terms, collapse = " + ")))
m <- glm(f_firth, family = binomial, data = fq, method = "brglmFit", type = "AS_mean",
         control = list(epsilon = 1e-14, maxit = 500))
b <- rename_const(coef(m))
X <- model.matrix(m)
p <- as.vector(plogis(X %*% coef(m)))
bread_firth <- solve(crossprod(X * sqrt(p * (1 - p))))
add("firth_q1", "model", b, bread_firth)
add("firth_q1", "cluster_region_hc0", b, vcovCL(m, cluster = ~un_region, type = "HC0", cadjust = TRUE))
add("firth_q1", "cluster_id_hc0", b, vcovCL(m, cluster = ~intervention_id, type = "HC0", cadjust = TRUE))
add_fit("firth_q1", nrow(fq), sum(dbinom(fq$coalition, 1, p, log = TRUE)), length(unique(fq$un_region)))
checks[[length(checks) + 1]] <- data.frame(
  check = "max |vcov(brglmFit) - (X'WX)^-1| / max |V|, firth_q1",
  value = fmt(max(abs(vcov(m) - bread_firth)) / max(abs(bread_firth))))

# ---- 4. conditional logit (survival::clogit, exact likelihood), Q2 with intervention strata. R's robust
# variance is not available for the exact method, so each group's score is the central-difference gradient of
# clogit's own exact log-likelihood of that group at the estimates (iter.max = 0); the sandwich
# V (sum_c s_c s_c') V has no small-sample factor.
f_cl <- as.formula(paste("joined ~", paste(q2_terms, collapse = " + "), "+ strata(intervention_id)"))
m <- clogit(f_cl, data = joining, method = "exact", control = coxph.control(eps = 1e-11, iter.max = 100))
b <- coef(m)
V <- vcov(m)
add("clogit_q2", "model", b, V)
group_ll <- function(d, beta) {
  clogit(f_cl, data = d, method = "exact", init = beta, control = coxph.control(iter.max = 0))$loglik[1]
}
groups <- sort(unique(joining$intervention_id))
S <- t(sapply(groups, function(g) {
  d <- joining[joining$intervention_id == g, ]
  sapply(seq_along(b), function(j) {
    h <- 1e-5 * max(1, abs(b[j]))
    e <- replace(numeric(length(b)), j, h)
    (group_ll(d, b + e) - group_ll(d, b - e)) / (2 * h)
  })
}))
decade <- joining$decade[match(groups, joining$intervention_id)]
add("clogit_q2", "cluster_id_none", b, V %*% crossprod(S) %*% V)
add("clogit_q2", "cluster_decade_none", b, V %*% crossprod(rowsum(S, decade)) %*% V)
add_fit("clogit_q2", m$n, m$loglik[2], length(groups))
checks[[length(checks) + 1]] <- data.frame(check = "max |sum of group scores| at the clogit estimates",
                                           value = fmt(max(abs(colSums(S)))))

# ---- 5. ordered logit (MASS::polr), Q3: failed < partial < achieved; sandwich has estfun/bread for polr
q3_terms <- c("coalition", "log_troops", "use_of_force", "regime_objective", "post_cold_war")
q3 <- complete(interventions, c("success_ord", q3_terms))
q3$success_ord <- factor(q3$success_ord, levels = 0:2, ordered = TRUE)
f_q3 <- as.formula(paste("success_ord ~", paste(q3_terms, collapse = " + ")))
m <- polr(f_q3, data = q3, method = "logistic", Hess = TRUE, control = list(reltol = 1e-15, maxit = 1000))
b <- c(coef(m), setNames(m$zeta, paste0("cut", seq_along(m$zeta))))
add("polr_q3", "model", b, vcov(m))
add("polr_q3", "cluster_id_hc0", b, vcovCL(m, cluster = ~intervention_id, type = "HC0", cadjust = TRUE))
add("polr_q3", "cluster_region_hc0", b, vcovCL(m, cluster = ~un_region, type = "HC0", cadjust = TRUE))
add_fit("polr_q3", nrow(q3), -m$deviance / 2, length(unique(q3$un_region)))

write.csv(do.call(rbind, rows), file.path(here, "reference.csv"), row.names = FALSE)
write.csv(do.call(rbind, fits), file.path(here, "fits.csv"), row.names = FALSE)
versions <- data.frame(
  check = c("R", "sandwich", "survival", "MASS", "brglm2"),
  value = c(R.version.string, as.character(packageVersion("sandwich")), as.character(packageVersion("survival")),
            as.character(packageVersion("MASS")), as.character(packageVersion("brglm2"))))
write.csv(rbind(versions, do.call(rbind, checks)), file.path(here, "checks.csv"), row.names = FALSE)
