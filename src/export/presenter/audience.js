// The audience page: the deck's pages (window.DECK, from deck.js), the keys
// a clicker sends, the clips, and the link to the presenter window. Text
// from the deck is only ever set as text or attributes, never as markup;
// the pages are Typst's SVG.
(function () {
  'use strict';
  var deck = window.DECK;
  var page = document.getElementById('page');
  var over = document.getElementById('over');
  var black = document.getElementById('black');
  var frame = document.getElementById('frame');
  var current = -1;
  var presenter = null;
  var missing = [];
  var served = location.protocol === 'http:';
  var films = deck.clips.map(film);

  glyphs(document.body);
  document.title = deck.title;
  document.documentElement.lang = deck.lang;
  frame.style.setProperty('--ratio', String(deck.width / deck.height));

  // The glyphs all pages draw their text with, once in the document.
  function glyphs(parent) {
    var holder = document.createElement('div');
    holder.setAttribute('aria-hidden', 'true');
    holder.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden';
    holder.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs>' + deck.glyphs + '</defs></svg>';
    parent.appendChild(holder);
  }

  // One <video> per clip, made once: it loads the film's header now, so that
  // a missing film is known (and told to the presenter) when the page opens.
  function film(clip, index) {
    var video = document.createElement('video');
    video.className = 'film';
    video.preload = 'metadata';
    video.playsInline = true;
    video.setAttribute('aria-hidden', 'true');
    place(video, clip);
    video.addEventListener('error', function () {
      if (missing.indexOf(clip.file) < 0) missing.push(clip.file);
      tell({ deckhand: 'missing', files: missing });
    });
    video.addEventListener('timeupdate', function () { report(); backstop(index); });
    video.addEventListener('play', report);
    video.addEventListener('pause', report);
    // Served by `deckhand present --watch`, the server gives the film.
    video.src = served ? 'films/' + index : clip.src;
    return video;
  }

  function place(element, clip) {
    element.style.left = clip.x * 100 + '%';
    element.style.top = clip.y * 100 + '%';
    element.style.width = clip.width * 100 + '%';
    element.style.height = clip.height * 100 + '%';
  }

  // Where a clip starts, once the film can seek: the first frame is ready
  // when the click comes.
  function cue(index) {
    var video = films[index];
    var clip = deck.clips[index];
    video.preload = 'auto';
    var seek = function () {
      if (video.paused && Math.abs(video.currentTime - clip.start) > 0.01) {
        video.currentTime = clip.start;
      }
    };
    if (video.readyState >= 1) seek();
    else video.addEventListener('loadedmetadata', seek, { once: true });
  }

  function show(index) {
    index = Math.max(0, Math.min(deck.pages.length - 1, index));
    if (index === current) return;
    stopAll();
    current = index;
    page.innerHTML = deck.pages[index].svg;
    var shown = deck.pages[index];
    var label = 'Slide ' + (shown.slide + 1) + ' of ' + deck.slides;
    if (shown.steps > 1) label += ', step ' + shown.step + ' of ' + shown.steps;
    page.setAttribute('aria-label', label);
    while (over.firstChild) over.removeChild(over.firstChild);
    deck.clips.forEach(function (clip, i) {
      if (clip.page === index) {
        over.appendChild(films[i]);
        over.appendChild(button(clip, i));
        cue(i);
      } else if (clip.page === index + 1) {
        cue(i);
      }
    });
    try { history.replaceState(null, '', '#' + (index + 1)); } catch (e) { /* file:// may refuse */ }
    report();
  }

  function button(clip, index) {
    var play = document.createElement('button');
    play.type = 'button';
    play.className = 'play';
    play.setAttribute('aria-label', clip.label);
    play.title = clip.label;
    place(play, clip);
    play.addEventListener('click', function () { start(index); });
    return play;
  }

  // Plays a clip from its start; it pauses itself on the clip's last frame.
  function start(index) {
    var video = films[index];
    var clip = deck.clips[index];
    var run = (video.deckhandRun || 0) + 1;
    video.deckhandRun = run;
    video.pause();
    video.currentTime = clip.start;
    video.classList.add('shown');
    var playing = video.play();
    if (playing && playing.catch) playing.catch(function () { /* told by the error event */ });
    if (clip.end === null || !('requestVideoFrameCallback' in video)) return;
    // The frame's length, learnt from the frames shown: a 25 fps guess at first.
    var length = 0.04;
    var last = null;
    var onFrame = function (now, metadata) {
      if (video.deckhandRun !== run) return;
      var time = metadata.mediaTime;
      if (last !== null && time - last > 0.005 && time - last < 0.2) length = time - last;
      last = time;
      // The next frame would start at or past the clip's end: this is its last.
      if (time >= clip.end - 1.5 * length) {
        stop(video, Math.min(time, clip.end - length / 2));
        return;
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  function stop(video, at) {
    video.deckhandRun = (video.deckhandRun || 0) + 1;
    video.pause();
    video.currentTime = at;
  }

  // Without frame callbacks (or when they stop, in a hidden window), the
  // time updates stop the clip instead, a few hundredths late at worst.
  function backstop(index) {
    var video = films[index];
    var clip = deck.clips[index];
    if (clip.end === null || video.paused) return;
    var late = 'requestVideoFrameCallback' in video ? 0.2 : -0.05;
    if (video.currentTime >= clip.end + late) stop(video, clip.end - 0.02);
  }

  function stopAll() {
    films.forEach(function (video) {
      if (!video.paused) video.pause();
      video.deckhandRun = (video.deckhandRun || 0) + 1;
      video.classList.remove('shown');
    });
  }

  function playing() {
    for (var i = 0; i < films.length; i++) {
      if (deck.clips[i].page === current && films[i].classList.contains('shown')) return i;
    }
    return null;
  }

  function report() {
    var index = playing();
    var state = { deckhand: 'state', page: current, black: !black.hidden, clip: null };
    if (index !== null) {
      var clip = deck.clips[index];
      var video = films[index];
      var end = clip.end === null ? video.duration : clip.end;
      state.clip = {
        index: index,
        playing: !video.paused,
        remaining: isFinite(end) ? Math.max(0, end - video.currentTime) : null
      };
    }
    tell(state);
  }

  function tell(message) {
    if (presenter && !presenter.closed) presenter.postMessage(message, '*');
  }

  function openPresenter() {
    if (presenter && !presenter.closed) { presenter.focus(); return; }
    presenter = window.open('presenter.html', 'deckhand-presenter', 'width=1200,height=750');
  }

  function toggleBlack() {
    black.hidden = !black.hidden;
    report();
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  }

  function reloadOnRebuild() {
    var seen = null;
    setInterval(function () {
      fetch('version', { cache: 'no-store' }).then(function (r) { return r.text(); }).then(function (version) {
        if (seen !== null && version !== seen) location.reload();
        seen = version;
      }, function () { /* the server stopped: keep showing */ });
    }, 1000);
  }

  function command(message) {
    if (message.deckhand === 'hello') {
      tell({ deckhand: 'missing', files: missing });
      report();
    } else if (message.deckhand === 'go' && typeof message.page === 'number') {
      show(message.page);
    } else if (message.deckhand === 'play') {
      var index = playing();
      if (index !== null && films[index].paused) {
        var clip = deck.clips[index];
        var end = clip.end === null ? Infinity : clip.end;
        if (films[index].currentTime >= end - 0.1) start(index);
        else films[index].play();
      } else if (index === null) {
        playFirst();
      }
    } else if (message.deckhand === 'pause') {
      var shown = playing();
      if (shown !== null) films[shown].pause();
    } else if (message.deckhand === 'black') {
      toggleBlack();
    }
  }

  function playFirst() {
    for (var i = 0; i < deck.clips.length; i++) {
      if (deck.clips[i].page === current) { start(i); return true; }
    }
    return false;
  }

  window.addEventListener('message', function (event) {
    if (!presenter || event.source !== presenter) {
      // A presenter that was open before this page was reloaded says hello.
      if (event.data && event.data.deckhand === 'hello' && event.source) presenter = event.source;
      else return;
    }
    if (event.data && typeof event.data.deckhand === 'string') command(event.data);
  });

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var key = event.key;
    var handled = true;
    if (key === 'ArrowRight' || key === 'ArrowDown' || key === 'PageDown' || key === ' ' || key === 'n' || key === 'N') show(current + 1);
    else if (key === 'ArrowLeft' || key === 'ArrowUp' || key === 'PageUp' || key === 'Backspace') show(current - 1);
    else if (key === 'Home') show(0);
    else if (key === 'End') show(deck.pages.length - 1);
    else if (key === 'b' || key === 'B' || key === '.') toggleBlack();
    else if (key === 'f' || key === 'F') toggleFullScreen();
    else if (key === 'p' || key === 'P') openPresenter();
    else if (key === 'Enter' && !(document.activeElement && document.activeElement.tagName === 'BUTTON')) handled = playFirst();
    else handled = false;
    if (handled) event.preventDefault();
  });

  // Served by `deckhand present --watch`: a rebuild reloads the page, on
  // the same slide (the address ends with its number).
  if (served) reloadOnRebuild();

  var wanted = parseInt(location.hash.slice(1), 10);
  show(isFinite(wanted) ? wanted - 1 : 0);
  window.deckhand = { show: show, page: function () { return current; }, films: films };
})();
