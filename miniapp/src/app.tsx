import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';
import { SessionProvider } from './services/session';
import { installPrivacyHandler } from './services/privacy';
import { startOutbox } from './services/offline';
import './app.css';

function App({ children }: PropsWithChildren) {
  // Registered before any page can call a privacy-guarded API.
  useLaunch(() => {
    installPrivacyHandler();
    // Reports kept offline are sent when the network is back, on app show, and now.
    startOutbox();
  });
  return <SessionProvider>{children}</SessionProvider>;
}

export default App;
