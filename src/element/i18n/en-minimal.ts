/**
 * English strings of the `minimal` variant, for end users: plain words, no codes. They travel in
 * its lazy chunk (only its `loading` headline is in the main file, for the moment before).
 */
export const enMinimal = {
  minimal: {
    idle: 'No video selected',
    loading: 'Checking on your video…',
    waiting: 'Waiting in line',
    processing: 'Processing your video',
    success: 'Your video is ready',
    partial: 'Your video is done, but some parts failed',
    failed: 'We could not process your video',
    error: 'We cannot check on your video right now',
    waitingDetail: 'It will start in a moment.',
    processingDetail: 'This can take a few minutes.',
    partialDetail: 'Some versions of it could not be made.',
    failedDetail: 'Please try again, or contact support if it happens again.',
    errorDetail: 'Please try again in a moment.',
    watch: 'Watch',
    download: 'Download',
    technical: 'Technical details',
    extrasFailed: 'Some extras could not be made.',
    reference: 'Reference for support:',
    copyReference: 'Copy the reference',
  },
};
