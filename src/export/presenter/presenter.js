// The presenter page: the current and next slide, the notes and the run of
// show (window.NOTES, from notes.js, which the audience page never loads),
// kept in step with the audience window through postMessage. Text is only
// ever set as text, never as markup.
(function () {
  'use strict';
  var deck = window.DECK;
  var notes = window.NOTES;
  var audience = window.opener;
  var current = 0;
  var clip = null;
  var heard = 0;
  var startedAt = Date.now();
  var blockSince = {};
  var $ = function (id) { return document.getElementById(id); };

  var holder = document.createElement('div');
  holder.setAttribute('aria-hidden', 'true');
  holder.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden';
  holder.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs>' + deck.glyphs + '</defs></svg>';
  document.body.appendChild(holder);
  document.title = 'Presenter: ' + deck.title;
  document.documentElement.lang = deck.lang;
  Array.prototype.forEach.call(document.querySelectorAll('.frame'), function (frame) {
    frame.style.setProperty('--ratio', String(deck.width / deck.height));
  });

  function tell(message) {
    if (audience && !audience.closed) audience.postMessage(message, '*');
  }

  function go(index) {
    index = Math.max(0, Math.min(deck.pages.length - 1, index));
    tell({ deckhand: 'go', page: index });
    show(index);
  }

  function show(index) {
    var changed = index !== current || !$('current').firstChild;
    current = index;
    var shown = deck.pages[index];
    if (changed) {
      $('current').innerHTML = shown.svg;
      var next = deck.pages[index + 1];
      $('next').innerHTML = next ? next.svg : '';
      $('next').parentNode.hidden = !next;
      $('next-none').hidden = !!next;
      // A slide's next step shows one more item of the same slide: said, as
      // the thumbnail alone looks much like the current slide.
      $('next-title').textContent = !next ? 'Next'
        : next.slide === shown.slide ? 'Next: step ' + next.step + ' / ' + next.steps
        : 'Next: slide ' + (next.slide + 1);
    }
    var counter = 'Slide ' + (shown.slide + 1) + ' / ' + deck.slides;
    if (shown.steps > 1) counter += ' \u00b7 step ' + shown.step + ' / ' + shown.steps;
    $('counter').textContent = counter;
    var page = notes.pages[index] || {};
    $('notes').textContent = page.notes || '';
    if (page.block !== null && page.block !== undefined && !(page.block in blockSince)) {
      blockSince[page.block] = Date.now();
    }
    cueText();
    tick();
  }

  function minutes(total) {
    var sign = total < 0 ? '-' : '';
    total = Math.abs(Math.round(total));
    return sign + Math.floor(total / 60) + ':' + ('0' + (total % 60)).slice(-2);
  }

  function clockOf(date) {
    return ('0' + date.getHours()).slice(-2) + ':' + ('0' + date.getMinutes()).slice(-2);
  }

  // The run of show: where the workshop should be against where it is.
  function schedule(now) {
    var page = notes.pages[current] || {};
    var block = page.block === null || page.block === undefined ? null : notes.blocks[page.block];
    if (!block) {
      $('block').textContent = 'No block on this slide';
      $('pace').textContent = '';
      $('countdown').hidden = true;
      $('upcoming').textContent = '';
      return;
    }
    var planned = block.clock ? 'planned at ' + block.clock : 'planned at minute ' + block.from;
    $('block').textContent = block.title + ' (' + (block.to - block.from) + ' min), ' + planned;
    // Minutes into the workshop: by the clock when it has a start time,
    // else since this page opened (or was restarted).
    var into;
    if (notes.start !== null) {
      var midnight = new Date(now);
      midnight.setHours(0, 0, 0, 0);
      into = (now - midnight.getTime()) / 60000 - notes.start;
    } else {
      into = (now - startedAt) / 60000;
    }
    var late = Math.round(into - block.from);
    var pace = $('pace');
    pace.className = 'pace';
    var howMuch = function (total) {
      return total < 60 ? total + ' min' : Math.floor(total / 60) + ' h ' + (total % 60) + ' min';
    };
    if (late > 0) {
      pace.textContent = howMuch(late) + ' behind';
      pace.classList.add('behind');
    } else if (late < 0) {
      pace.textContent = howMuch(-late) + ' ahead';
      pace.classList.add('ahead');
    } else {
      pace.textContent = 'on time';
    }
    var countdown = $('countdown');
    countdown.hidden = !block.timed;
    if (block.timed) {
      var since = blockSince[page.block] || now;
      var left = (block.to - block.from) * 60 - (now - since) / 1000;
      countdown.textContent = minutes(left) + ' left';
    }
    var following = notes.blocks[page.block + 1];
    $('upcoming').textContent = following
      ? 'Then: ' + following.title + (following.clock ? ' at ' + following.clock : ' at minute ' + following.from)
      : 'Last block';
  }

  function cueText() {
    var index = null;
    deck.clips.forEach(function (c, i) { if (c.page === current && index === null) index = i; });
    $('cue').hidden = index === null;
    if (index === null) return;
    var c = deck.clips[index];
    var text = c.file + ', from ' + minutes(c.start) + (c.end === null ? '' : ' to ' + minutes(c.end));
    if (clip && clip.index === index && clip.remaining !== null) {
      text += '\n' + (clip.playing ? 'playing, ' : 'paused, ') + clip.remaining.toFixed(1) + ' s left';
    }
    $('cue-text').textContent = text;
  }

  function tick() {
    var now = Date.now();
    $('elapsed').textContent = minutes((now - startedAt) / 1000);
    $('clock').textContent = clockOf(new Date(now));
    schedule(now);
    if (now - heard > 3000) tell({ deckhand: 'hello' });
  }

  function missing(files) {
    var box = $('missing');
    var all = (notes.missing || []).concat(files || []).filter(function (f, i, list) {
      return list.indexOf(f) === i;
    });
    box.hidden = all.length === 0;
    box.textContent = all.length ? 'Film not found, the clip will not play: ' + all.join(', ') : '';
  }

  window.addEventListener('message', function (event) {
    if (audience && event.source !== audience) return;
    var data = event.data;
    if (!data || typeof data.deckhand !== 'string') return;
    heard = Date.now();
    if (data.deckhand === 'state' && typeof data.page === 'number') {
      clip = data.clip;
      show(data.page);
    } else if (data.deckhand === 'missing') {
      missing(data.files);
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target && event.target.tagName === 'BUTTON' && (event.key === ' ' || event.key === 'Enter')) return;
    var key = event.key;
    var handled = true;
    if (key === 'ArrowRight' || key === 'ArrowDown' || key === 'PageDown' || key === ' ') go(current + 1);
    else if (key === 'ArrowLeft' || key === 'ArrowUp' || key === 'PageUp') go(current - 1);
    else if (key === 'Home') go(0);
    else if (key === 'End') go(deck.pages.length - 1);
    else if (key === 'b' || key === 'B' || key === '.') tell({ deckhand: 'black' });
    else handled = false;
    if (handled) event.preventDefault();
  });

  $('play').addEventListener('click', function () { tell({ deckhand: 'play' }); });
  $('pause').addEventListener('click', function () { tell({ deckhand: 'pause' }); });
  $('reset').addEventListener('click', function () {
    startedAt = Date.now();
    blockSince = {};
    show(current);
  });

  // Served by `deckhand present --watch`: a rebuild reloads this page too.
  if (location.protocol === 'http:') {
    var seen = null;
    setInterval(function () {
      fetch('version', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (version) {
        if (seen !== null && version !== seen) location.reload();
        seen = version;
      }, function () { /* the server stopped */ });
    }, 1000);
  }

  missing([]);
  show(0);
  tell({ deckhand: 'hello' });
  setInterval(tick, 1000);
})();
