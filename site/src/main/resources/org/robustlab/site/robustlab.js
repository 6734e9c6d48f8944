// Draws the study's plots from the JSON embedded in index.html; no network access.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('study-data').textContent);
  var layoutBase = { margin: { t: 40, r: 20, b: 50, l: 60 }, legend: { orientation: 'h' } };

  function merge(a, b) { return Object.assign({}, a, b); }

  var training = document.getElementById('training-plot');
  if (training && data.training && data.training.length) {
    var traces = data.training.map(function (s) {
      return { x: s.epoch, y: s.loss, name: s.model, mode: 'lines+markers', type: 'scatter' };
    });
    Plotly.newPlot(training, traces, merge(layoutBase, {
      title: 'Training loss per epoch', xaxis: { title: 'epoch' }, yaxis: { title: 'loss' } }), { responsive: true });
  }

  (data.robustness || []).forEach(function (plot) {
    var el = document.getElementById('rob-' + plot.label);
    if (!el) { return; }
    var traces = plot.series.map(function (s) {
      return { x: s.epsilon, y: s.relative, name: s.model, mode: 'lines+markers', type: 'scatter' };
    });
    Plotly.newPlot(el, traces, merge(layoutBase, {
      title: plot.label + ' (L' + (plot.norm === 'inf' ? '∞' : plot.norm) + ')',
      xaxis: { title: 'ε', type: 'log' }, yaxis: { title: 'relative accuracy', range: [0, 1.05] } }), { responsive: true });
    var crit = document.getElementById('rob-' + plot.label + '-critical');
    var boxes = plot.series.filter(function (s) { return s.distances; }).map(function (s) {
      return { y: s.distances, name: s.model + ' (' + s.censored + ' censored)', type: 'box', boxpoints: 'outliers' };
    });
    if (crit && boxes.length) {
      Plotly.newPlot(crit, boxes, merge(layoutBase, {
        title: plot.label + ': critical distances', yaxis: { title: '‖x′ − x‖₂', type: 'log' } }), { responsive: true });
    }
  });
})();
