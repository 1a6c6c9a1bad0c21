#!/usr/bin/env bash
# Regenerates the media fixtures in this folder. Tests never run this: they read the committed files,
# so only whoever changes a fixture needs ffmpeg (with libx264, libmp3lame and libflite; Debian's
# package has them) and a JDK 17 with PDFBox in ~/.m2 (`mvn dependency:resolve` fetches it).
# The files are deliberately tiny: the whole folder should stay well under 1.5 MB.
set -euo pipefail
cd "$(dirname "$0")"

ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }

# speech.wav: about 2 s of synthesised English speech, 16 kHz mono 16-bit PCM.
ff -f lavfi -i "flite=text='A small puppy plays in the park.':voice=slt" -t 3 -ar 16000 -ac 1 -c:a pcm_s16le speech.wav

# tone.mp3: 2 s of 440 Hz at 32 kbps.
ff -f lavfi -i "sine=frequency=440:duration=2:sample_rate=22050" -ac 1 -c:a libmp3lame -b:a 32k tone.mp3

# long-audio.mp3: 190 s (over Gemini's 180 s) at 8 kbps, 8 kHz mono, so it stays about 190 KB.
ff -f lavfi -i "sine=frequency=330:duration=190:sample_rate=8000" -ac 1 -c:a libmp3lame -b:a 8k long-audio.mp3

# clip.mp4 / clip.mov: 2 s, 64x64, 10 fps, H.264, no audio.
ff -f lavfi -i "testsrc=size=64x64:rate=10:duration=2" -c:v libx264 -preset veryslow -crf 35 -pix_fmt yuv420p -movflags +faststart clip.mp4
ff -f lavfi -i "testsrc=size=64x64:rate=10:duration=2" -c:v libx264 -preset veryslow -crf 35 -pix_fmt yuv420p -f mov clip.mov

# long-video.mp4: 125 s (over Gemini's 120 s), 32x32 at 1 fps, H.264.
ff -f lavfi -i "testsrc=size=32x32:rate=1:duration=125" -c:v libx264 -preset veryslow -crf 40 -g 250 -pix_fmt yuv420p long-video.mp4

# puppy.png, food.jpg, three-pages.pdf, seven-pages.pdf: drawn with Java2D and PDFBox.
M2="${HOME}/.m2/repository"
CP="${M2}/org/apache/pdfbox/pdfbox/3.0.8/pdfbox-3.0.8.jar:${M2}/org/apache/pdfbox/pdfbox-io/3.0.8/pdfbox-io-3.0.8.jar"
CP="${CP}:${M2}/org/apache/pdfbox/fontbox/3.0.8/fontbox-3.0.8.jar:${M2}/commons-logging/commons-logging/1.3.5/commons-logging-1.3.5.jar"
java -cp "${CP}" MakeFixtures.java .

ls -l puppy.png food.jpg speech.wav tone.mp3 clip.mp4 clip.mov three-pages.pdf long-audio.mp3 long-video.mp4 seven-pages.pdf
