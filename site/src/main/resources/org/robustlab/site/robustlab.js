// Draws the study's plots from the JSON embedded in index.html; no network access.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('study-data').textContent);
  var layoutBase = { margin: { t: 40, r: 20, b: 50, l: 60 }, legend: { orientation: 'h' } };
  var config = { responsive: true };
  var CLASS_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  // Titles sit at the top left, clear of plotly's mode bar (top right), which covered centred titles of narrow plots.
  function merge(a, b) {
    var out = Object.assign({}, a, b);
    if (typeof out.title === 'string') {
      out.title = { text: out.title, x: 0, xanchor: 'left', xref: 'paper', y: 1, yanchor: 'bottom', yref: 'paper', pad: { b: 6 } };
      out.margin = Object.assign({}, out.margin || {}, { t: Math.max(60, (out.margin || {}).t || 0) });
    }
    return out;
  }
  // Log axes with powers of ten (10⁻³, not 0.001 or 1e-3) and plotly's own tick spacing, which adapts to axes that
  // span less than a decade (a forced decade step left those without any tick).
  function logAxis(title) { return { title: title, type: 'log', exponentformat: 'power', showexponent: 'all' }; }
  // Plotly renders a few HTML-like tags in text; user-chosen names are passed as entities instead.
  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
  function byId(id) { return document.getElementById(id); }
  function fmt(v) { return v === null || v === undefined || isNaN(v) ? '–' : Number(v).toFixed(3); }

  var training = byId('training-plot');
  if (training && data.training && data.training.length) {
    Plotly.newPlot(training, data.training.map(function (s) {
      return { x: s.epoch, y: s.loss, name: esc(s.model), mode: 'lines+markers', type: 'scatter' };
    }), merge(layoutBase, { title: 'Training loss per epoch', xaxis: { title: 'epoch' }, yaxis: { title: 'loss' } }), config);
  }

  (data.confusion || []).forEach(function (c, i) {
    var el = byId('confusion-' + i);
    if (!el || !c.confusion || !c.confusion.counts) { return; }
    var labels = c.confusion.labels || c.confusion.counts.map(function (_, k) { return String(k); });
    // reversescale: plotly's 'Blues' runs dark to light, which made the largest counts the palest cells
    Plotly.newPlot(el, [{ z: c.confusion.counts, x: labels, y: labels, type: 'heatmap', colorscale: 'Blues', reversescale: true,
      text: c.confusion.counts.map(function (r) { return r.map(String); }), texttemplate: '%{text}',
      hovertemplate: 'true %{y}<br>predicted %{x}<br>%{z}<extra></extra>' }],
      merge(layoutBase, { title: 'Confusion matrix: ' + esc(c.model), xaxis: { title: 'predicted', type: 'category' },
        yaxis: { title: 'true', autorange: 'reversed', type: 'category' }, margin: { t: 40, r: 10, b: 80, l: 80 } }), config);
  });

  (data.robustness || []).forEach(function (plot) {
    var el = byId(plot.id);
    if (!el) { return; }
    Plotly.newPlot(el, plot.series.map(function (s) {
      return { x: s.epsilon, y: s.relative, name: esc(s.model), mode: 'lines+markers', type: 'scatter' };
    }), merge(layoutBase, {
      title: esc(plot.label) + ' (L' + (plot.norm === 'inf' ? '∞' : esc(plot.norm)) + ')',
      xaxis: logAxis('ε'), yaxis: { title: 'relative accuracy', range: [0, 1.05] } }), config);
    var crit = byId(plot.id + '-critical');
    var boxes = plot.series.filter(function (s) { return s.distances; }).map(function (s) {
      return { y: s.distances, name: esc(s.model) + ' (' + s.censored + ' censored)', type: 'box', boxpoints: 'outliers' };
    });
    if (crit && boxes.length) {
      Plotly.newPlot(crit, boxes, merge(layoutBase, {
        title: esc(plot.label) + ': critical distances',
        yaxis: logAxis('‖x′ − x‖₂') }), config); // L2 distances for every attack (see the caption)
    }
  });

  // Spectra: one log-log plot per input, the fitted power law dashed over its window.
  var spectra = data.spectra;
  if (spectra) {
    var fits = spectra.fits || [];
    var colorOf = {};
    var palette = ['#444444'].concat(CLASS_COLORS);
    spectra.curves.forEach(function (c) {
      if (!(c.subject in colorOf)) { colorOf[c.subject] = palette[Object.keys(colorOf).length % palette.length]; }
    });
    ['cifar', 'noise'].forEach(function (input) {
      var el = byId('spectra-' + input);
      if (!el) { return; }
      var traces = [];
      spectra.curves.filter(function (c) { return c.input === input && !c.scale && c.rank.length; }).forEach(function (c) {
        var label = esc(c.subject) + (c.state === 'data' ? '' : ' ' + c.state);
        traces.push({ x: c.rank, y: c.normalised, name: label, type: 'scatter', mode: 'lines',
          line: { color: colorOf[c.subject], dash: c.state === 'initial' ? 'dot' : 'solid', width: 2 } });
        fits.filter(function (f) {
          return f.input === input && !f.scale && f.subject === c.subject && f.state === c.state && isFinite(f.alpha);
        }).forEach(function (f) {
          traces.push({ x: [f.first, f.last], y: [Math.exp(f.intercept) * Math.pow(f.first, -f.alpha), Math.exp(f.intercept) * Math.pow(f.last, -f.alpha)],
            name: label + ' fit α=' + fmt(f.alpha), type: 'scatter', mode: 'lines', showlegend: false,
            line: { color: colorOf[c.subject], dash: 'dash', width: 1 }, hovertemplate: label + ': α = ' + fmt(f.alpha) + ' ± ' + fmt(f.stdError) + '<extra></extra>' });
        });
      });
      if (!traces.length) { el.style.display = 'none'; return; }
      Plotly.newPlot(el, traces, merge(layoutBase, { title: 'Normalised spectra on ' + (input === 'cifar' ? 'test images' : 'white noise'),
        xaxis: { title: 'rank n', type: 'log' }, yaxis: { title: 'λn / λ1', type: 'log', exponentformat: 'power' } }), config);
    });
    // Scale test: one subject at a time (menu), every width h.
    var scaleEl = byId('spectra-scale');
    var keys = [];
    spectra.curves.forEach(function (c) {
      var key = c.input + ' · ' + c.subject + ' · ' + c.state;
      if (c.state !== 'initial' && keys.indexOf(key) < 0) { keys.push(key); }
    });
    var scaleTraces = [], owner = [];
    keys.forEach(function (key) {
      spectra.curves.filter(function (c) { return c.input + ' · ' + c.subject + ' · ' + c.state === key && c.rank.length; })
        .forEach(function (c) {
          scaleTraces.push({ x: c.rank, y: c.normalised, name: 'h = ' + c.units, type: 'scatter', mode: 'lines', visible: false });
          owner.push(key);
        });
    });
    if (scaleEl && scaleTraces.length) {
      owner.forEach(function (k, i) { scaleTraces[i].visible = k === keys[0]; });
      Plotly.newPlot(scaleEl, scaleTraces, merge(layoutBase, {
        title: 'Scale test: first h units (random h input dimensions for the data)',
        xaxis: { title: 'rank n', type: 'log' }, yaxis: { title: 'λn / λ1', type: 'log', exponentformat: 'power' },
        updatemenus: [{ x: 0, y: 1.15, xanchor: 'left', buttons: keys.map(function (k) {
          return { label: esc(k), method: 'restyle', args: ['visible', owner.map(function (o) { return o === k; })] };
        }) }] }), config);
    } else if (scaleEl) { scaleEl.style.display = 'none'; }
  }

  // Landscapes: a model menu; 3D surfaces (WebGL) and 2D heatmaps of the selected model.
  var land = data.landscape;
  var select = byId('landscape-model');
  if (land && select) {
    land.models.forEach(function (m, i) {
      var o = document.createElement('option');
      o.value = String(i);
      o.textContent = m.name; // text, never markup
      select.appendChild(o);
    });
    var nc = Math.max(1, land.classNames.length);
    var discrete = [];
    for (var k = 0; k < nc; k++) {
      discrete.push([k / nc, CLASS_COLORS[k % 10]]);
      discrete.push([(k + 1) / nc, CLASS_COLORS[k % 10]]);
    }
    var drawLandscape = function () {
      var m = land.models[Number(select.value) || 0];
      var name = esc(m.name);
      // z[i][j] is along u (i) and v (j); plotly's z rows follow y, so y = a and x = b.
      var hoverClass = m.predicted.map(function (row, i) {
        return row.map(function (c, j) { return land.classNames[c] + ' (' + m.confidence[i][j].toFixed(3) + ')'; });
      });
      var axes = { xaxis: { title: 'b (v)' }, yaxis: { title: 'a (u)' } };
      Plotly.react(byId('landscape-jacobian-3d'), [{ type: 'surface', x: land.axis, y: land.axis, z: m.jacobian, colorscale: 'Viridis',
        colorbar: { title: '‖J‖F' } }], merge(layoutBase, { title: 'Jacobian norm: ' + name,
        scene: { xaxis: { title: 'b' }, yaxis: { title: 'a' }, zaxis: { title: '‖∂ĥ/∂x‖F' } } }), config);
      Plotly.react(byId('landscape-decision-3d'), [{ type: 'surface', x: land.axis, y: land.axis, z: m.confidence,
        surfacecolor: m.predicted, cmin: -0.5, cmax: nc - 0.5, colorscale: discrete, text: hoverClass,
        hovertemplate: 'a %{y:.2f}, b %{x:.2f}<br>%{text}<extra></extra>', showscale: false }],
        merge(layoutBase, { title: 'Decision landscape: ' + name,
          scene: { xaxis: { title: 'b' }, yaxis: { title: 'a' }, zaxis: { title: 'confidence', range: [0, 1] } } }), config);
      Plotly.react(byId('landscape-jacobian-2d'), [{ type: 'heatmap', x: land.axis, y: land.axis, z: m.jacobian, colorscale: 'Viridis' }],
        merge(layoutBase, axes, { title: 'Jacobian norm (heatmap): ' + name }), config);
      Plotly.react(byId('landscape-decision-2d'), [{ type: 'heatmap', x: land.axis, y: land.axis, z: m.predicted, zmin: -0.5, zmax: nc - 0.5,
        colorscale: discrete, text: hoverClass, hovertemplate: 'a %{y:.2f}, b %{x:.2f}<br>%{text}<extra></extra>', showscale: false },
        { type: 'heatmap', x: land.axis, y: land.axis, z: m.confidence, zmin: 0, zmax: 1, showscale: false, hoverinfo: 'skip',
          colorscale: [[0, 'rgba(255,255,255,0.75)'], [1, 'rgba(255,255,255,0)']] }],
        merge(layoutBase, axes, { title: 'Predicted class (paler = less confident): ' + name }), config);
    };
    select.addEventListener('change', drawLandscape);
    drawLandscape();
  }

  function matrixPlot(id, title, names, values, low, high) {
    var el = byId(id);
    if (!el || !values) { return; }
    var labels = names.map(esc);
    var text = values.map(function (row, i) {
      return row.map(function (v, j) {
        return fmt(v) + (low && isFinite(low[i][j]) ? '<br>[' + fmt(low[i][j]) + ', ' + fmt(high[i][j]) + ']' : '');
      });
    });
    Plotly.newPlot(el, [{ type: 'heatmap', z: values, x: labels, y: labels, zmin: 0, zmax: 1, colorscale: 'YlGnBu',
      text: text, texttemplate: '%{text}', hovertemplate: '%{y} → %{x}: %{z:.3f}<extra></extra>' }],
      merge(layoutBase, { title: title, yaxis: { autorange: 'reversed' }, margin: { t: 40, r: 10, b: 80, l: 100 } }), config);
  }

  if (data.stir) {
    var s = data.stir;
    matrixPlot('stir-matrix', 'STIR(column | row)', s.models, s.stir.value, s.stir.low, s.stir.high);
    matrixPlot('stir-cka-matrix', 'CKA on the STIR images', s.models, s.cka.value, s.cka.low, s.cka.high);
  }
  if (data.cka) {
    matrixPlot('cka-linear', 'Linear CKA', data.cka.models, data.cka.linear);
    matrixPlot('cka-unbiased', 'Minibatch CKA (unbiased HSIC)', data.cka.models, data.cka.unbiased);
  }

  (data.synapses || []).forEach(function (syn) {
    var el = byId(syn.id);
    if (!el) { return; }
    Plotly.newPlot(el, [{ x: syn.variances, type: 'histogram', nbinsx: 60 }], merge(layoutBase, {
      title: 'Synapse variance per unit: ' + esc(syn.model), xaxis: { title: 'variance', type: 'linear' }, yaxis: { title: 'units' } }), config);
  });

  // Line plots of plugins' declared 'lines' views: the CSV's first column is x, each other column a curve.
  (data.views || []).forEach(function (v) {
    var el = byId(v.id);
    if (!el) { return; }
    Plotly.newPlot(el, v.series.map(function (s) {
      return { x: s.x, y: s.y, name: esc(s.name), mode: 'lines+markers', type: 'scatter' };
    }), merge(layoutBase, { title: esc(v.title), xaxis: { title: esc(v.x) } }), config);
  });
})();
