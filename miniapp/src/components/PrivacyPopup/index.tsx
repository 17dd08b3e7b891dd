import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  answerPrivacyPrompt,
  openPrivacyContract,
  PRIVACY_AGREE_BUTTON_ID,
  reportPrivacyPromptShown,
  subscribePrivacyPrompt,
} from '../../services/privacy';
import { recordConsentQuietly } from '../../services/privacyRights';
import './index.css';

/**
 * Mount on every page that uses location or the camera. WeChat only accepts consent given through
 * a button with open-type="agreePrivacyAuthorization" on the visible page, so this cannot be a
 * global modal. Renders nothing on H5 (the prompt never opens there).
 */
export function PrivacyPopup() {
  const [open, setOpen] = useState(false);

  useEffect(() => subscribePrivacyPrompt(setOpen), []);
  useEffect(() => {
    if (open) reportPrivacyPromptShown();
  }, [open]);

  if (!open) return null;
  return (
    <View className="nx-privacy">
      <View className="nx-privacy__sheet">
        <Text className="nx-privacy__title">隐私保护提示</Text>
        <Text className="nx-privacy__text">
          为了查找附近驿站、上报问题位置和拍照，暖新需要使用你的位置和相机。请先阅读
        </Text>
        <Text className="nx-privacy__link" onClick={openPrivacyContract}>
          《暖新隐私保护指引》
        </Text>
        <Button
          id={PRIVACY_AGREE_BUTTON_ID}
          className="nx-button nx-button--primary"
          openType="agreePrivacyAuthorization"
          onAgreePrivacyAuthorization={() => {
            answerPrivacyPrompt(true);
            recordConsentQuietly();
          }}
        >
          同意并继续
        </Button>
        <Button className="nx-button nx-button--secondary" onClick={() => answerPrivacyPrompt(false)}>
          不同意
        </Button>
      </View>
    </View>
  );
}
